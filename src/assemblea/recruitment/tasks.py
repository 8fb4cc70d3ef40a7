"""Background jobs (django-tasks): in-process by default, a database worker in production."""

from django_tasks import task

from assemblea.recruitment import services


@task()
def run_selection(run_id: int) -> None:
    services.selection_execute(run_id)


@task()
def delete_expired_personal_data() -> int:
    return services.personal_data_delete_expired()
