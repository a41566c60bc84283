from llp_gov import create_app

app = create_app()
