"""Background jobs (django-tasks): in-process by default, a database worker in production.

The services enqueue these tasks; each task imports the services inside its body (the
HackSoft order), so the two modules do not import each other at load time.
"""

from django_tasks import task


@task()
def run_selection(run_id: int) -> None:
    from assemblea.recruitment import services

    services.selection_execute(run_id)


@task()
def build_letters(batch_id: int) -> None:
    from assemblea.recruitment import services

    services.letters_build(batch_id)


@task()
def delete_expired_personal_data() -> int:
    from assemblea.recruitment import services

    return services.personal_data_delete_expired() + services.letters_delete_expired()
