"""Projects API: GET, POST /orgs/<slug>/projects; GET .../projects/<id>; POST .../submit, .../decision."""

from flask import g
from flask.views import MethodView

from llp_gov.api import make_blueprint, perform, token_required
from llp_gov.projects import services, workflow
from llp_gov.projects.schemas import DecisionSchema, ProjectQuerySchema, ProjectSchema

blp = make_blueprint("projects_api", __name__, "Joint projects and their approval")


def _dump(project):
    project.pending_resolutions = (
        workflow.pending_matters(g.org, project) if project.status == "submitted" else []
    )
    return project


@blp.route("/orgs/<slug>/projects")
class Projects(MethodView):
    decorators = [token_required]
    permissions = {"GET": "project:read", "POST": "project:propose"}

    @blp.arguments(ProjectQuerySchema, location="query")
    @blp.response(200, ProjectSchema(many=True))
    def get(self, query, slug):
        """List projects, newest first, optionally in one status."""
        return services.list_projects(
            actor=g.api_user, organisation=g.org, status=query.get("status")
        )

    @blp.arguments(ProjectSchema)
    @blp.response(201, ProjectSchema)
    def post(self, data, slug):
        """Propose a project (a draft)."""
        return _dump(perform(services.create_project, **data))


@blp.route("/orgs/<slug>/projects/<int:project_id>")
class ProjectItem(MethodView):
    decorators = [token_required]
    permissions = {"GET": "project:read"}

    @blp.response(200, ProjectSchema)
    def get(self, slug, project_id):
        """One project with its decisions."""
        return _dump(
            services.get_project(actor=g.api_user, organisation=g.org, project_id=project_id)
        )


@blp.route("/orgs/<slug>/projects/<int:project_id>/submit")
class ProjectSubmit(MethodView):
    decorators = [token_required]
    permissions = {"POST": "project:propose"}

    @blp.response(200, ProjectSchema)
    def post(self, slug, project_id):
        """Submit a draft (or a project sent back for changes) for a decision."""
        project = services.get_project(actor=g.api_user, organisation=g.org, project_id=project_id)
        perform(workflow.transition, project=project, action="submit")
        return _dump(project)


@blp.route("/orgs/<slug>/projects/<int:project_id>/decision")
class ProjectDecision(MethodView):
    decorators = [token_required]
    permissions = {"POST": "project:decide"}

    @blp.arguments(DecisionSchema)
    @blp.response(200, ProjectSchema)
    def post(self, data, slug, project_id):
        """The chairman approves, rejects or requests changes (a comment is required for the last two)."""
        project = services.get_project(actor=g.api_user, organisation=g.org, project_id=project_id)
        perform(
            workflow.transition, project=project, action=data["decision"], comment=data["comment"]
        )
        return _dump(project)
