"""Two (or more) truly concurrent calls, for the races a row lock must settle (CONTRIBUTING.md)."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def at_the_same_instant(*calls: Callable[[], Any]) -> list[Any]:
    """Run each call in its own thread with its own database connection, all released at once by a
    barrier; return their results in order. An exception in a thread fails the test, re-raised here."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
