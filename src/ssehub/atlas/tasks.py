from django.tasks import task

from ssehub.atlas.imports import run_import


@task
def run_atlas_import(token: str) -> str:
    """Preview or write one import job (ssehub.atlas.imports); the page polls its state."""
    state = run_import(token)
    return state["state"] if state else "missing"
