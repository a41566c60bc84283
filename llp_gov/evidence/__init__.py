"""Certificates of evidence for approvals, votes and signatures, and the public verify page."""
