"""A vendored dependency: proves the virtualenv reaches the runner."""


def status():
    return {"status": "ok"}
