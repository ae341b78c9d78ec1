from ssehub.programmes.models import Programme


def current_programme() -> Programme | None:
    return (
        Programme.objects.filter(is_current=True)
        .prefetch_related("countries", "themes", "events")
        .first()
    )
