"""Background jobs (django-tasks): the opinion map, recomputed from the vote matrix.

Services enqueue `map_recompute` after commit, at most one pending per conversation
(`Conversation.map_pending`); the task imports the services inside its body.
"""

from django_tasks import task


@task()
def map_recompute(conversation_id: int) -> None:
    from assemblea.conversations import maps

    maps.map_compute(conversation_id)
