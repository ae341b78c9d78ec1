from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ssehub.community import cards, selectors
from ssehub.community.enums import PostState
from ssehub.community.forms import EditForm, FlagForm, ReplyForm, TopicForm
from ssehub.community.models import Attachment, Category, Post, Topic
from ssehub.community.services import discussions as services
from ssehub.community.services import moderation
from ssehub.community.views.common import refuse, require_perm
from ssehub.core.errors import ServiceError

TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20


def _category(request, slug: str) -> Category:
    category = get_object_or_404(Category, slug=slug)
    require_perm(request, "community.read_category", category)
    return category


def _topic(request, pk: int) -> Topic:
    try:
        topic = selectors.topic_for(pk=pk)
    except Topic.DoesNotExist as error:
        raise Http404 from error
    if not selectors.can_see_topic(topic=topic, user=request.user):
        if not request.user.has_perm("community.read_category", topic.category):
            raise PermissionDenied
        raise Http404
    return topic


def _post(request, pk: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    _topic(request, post.topic_id)
    if post.state == PostState.HIDDEN and not request.user.has_perm("community.moderate"):
        raise Http404
    return post


def category_detail(request, slug: str):
    category = _category(request, slug)
    listing = selectors.topic_list(category=category, user=request.user, cursor=request.GET.get("before", ""),
                                   size=TOPICS_PER_PAGE)
    return render(request, "community/category.html", {
        "category": category, "listing": listing, "first_page": bool(request.GET.get("before")),
        "can_post": request.user.has_perm("community.post"),
        "level": selectors.subscription_level(user=request.user, category=category),
    })


@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request, slug: str):
    category = _category(request, slug)
    require_perm(request, "community.post")
    form = TopicForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(category=category, author=request.user, title=form.cleaned_data["title"],
                                          body=form.cleaned_data["body"], files=form.cleaned_data["attachments"])
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/topic_form.html", {"form": form, "category": category}, status=400)
        if topic.state == PostState.PENDING:
            messages.info(request, _("Thank you. As a new member, your first posts wait for a moderator's approval."))
        return redirect("community:topic", pk=topic.pk)
    return render(request, "community/topic_form.html", {"form": form, "category": category},
                  status=400 if form.errors else 200)


def _page_number(request) -> int:
    value = request.GET.get("page", "")
    return min(int(value), 1_000_000) if value.isdigit() and int(value) > 0 else 1


def topic_detail(request, pk: int):
    topic = _topic(request, pk)
    user = request.user
    page = selectors.topic_page(topic=topic, user=user, number=_page_number(request), size=POSTS_PER_PAGE)
    if not page.posts and page.number > 1:
        raise Http404
    cards.cards_for(page.posts + page.pending)
    _set_links(page.posts + page.pending)
    if user.is_authenticated:
        services.topic_mark_read(user=user, topic=topic)
    return render(request, "community/topic.html", {
        "topic": topic, "posts": page.posts, "pending_posts": page.pending, "page": page,
        "reply_form": ReplyForm(), "flag_form": FlagForm(),
        "can_post": user.has_perm("community.post") and not topic.is_locked,
        "can_react": user.has_perm("community.post"),
        "can_accept": user.has_perm("community.accept_answer", topic),
        "can_moderate": user.has_perm("community.moderate"),
        "level": selectors.subscription_level(user=user, topic=topic),
        "categories": list(Category.objects.order_by("position")) if user.has_perm("community.moderate") else [],
    })


_PK = 987654321
_HANDLE = "zz-handle-zz"


def _set_links(posts: list[Post]) -> None:
    """Each post's addresses (`post.links`), from one reverse per kind of link for the whole page:
    reversing five per post was a tenth of a 20-post page's time."""
    paths = {name: reverse(f"community:post_{name}", kwargs={"pk": _PK})
             for name in ("history", "helpful", "accept", "edit", "approve", "hide", "flag")}
    member = reverse("community:member", kwargs={"handle": _HANDLE})
    for post in posts:
        post.links = {name: path.replace(str(_PK), str(post.pk)) for name, path in paths.items()}
        membership = getattr(post.author, "membership", None) if post.author_id else None
        post.links["member"] = member.replace(_HANDLE, membership.handle) if membership else ""


def post_link(request, pk: int):
    """A post's lasting address: to the topic page that shows it to this reader, at the post."""
    post = _post(request, pk)
    return redirect(post_url(post, request.user))


def post_url(post: Post, user) -> str:
    number = selectors.post_page(post=post, user=user, size=POSTS_PER_PAGE)
    return f"{topic_url(post.topic)}{f'?page={number}' if number > 1 else ''}#post-{post.pk}"


@login_required
@require_POST
def reply(request, pk: int):
    topic = _topic(request, pk)
    require_perm(request, "community.post")
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("community:topic", pk=topic.pk)
    try:
        post = services.post_reply(topic=topic, author=request.user, body=form.cleaned_data["body"],
                                   files=form.cleaned_data["attachments"])
    except ServiceError as error:
        refuse(request, error)
        return redirect("community:topic", pk=topic.pk)
    if post.state == PostState.PENDING:
        messages.info(request, _("Thank you. As a new member, your first posts wait for a moderator's approval."))
    return redirect(post_url(post, request.user))


def topic_url(topic: Topic) -> str:
    return reverse("community:topic", kwargs={"pk": topic.pk})


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = _post(request, pk)
    require_perm(request, "community.edit_post", post)
    form = EditForm(request.POST or None, initial={"body": post.body, "version": post.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, actor=request.user, body=form.cleaned_data["body"],
                               expected_version=form.cleaned_data["version"])
        except ServiceError as error:
            error.add_to_form(form)
            return render(request, "community/post_edit.html", {"form": form, "post": post},
                          status=409 if error.is_stale else 400)
        return redirect(post_url(post, request.user))
    return render(request, "community/post_edit.html", {"form": form, "post": post}, status=400 if form.errors else 200)


def post_history(request, pk: int):
    post = _post(request, pk)
    revisions = list(post.revisions.select_related("edited_by__profile"))
    return render(request, "community/post_history.html", {"post": post, "revisions": revisions})


@login_required
@require_POST
def post_helpful(request, pk: int):
    post = _post(request, pk)
    require_perm(request, "community.post")
    try:
        services.post_toggle_helpful(post=post, user=request.user)
    except ServiceError as error:
        refuse(request, error)
    return redirect(post_url(post, request.user))


@login_required
@require_POST
def post_accept(request, pk: int):
    post = _post(request, pk)
    require_perm(request, "community.accept_answer", post.topic)
    try:
        services.topic_accept_answer(topic=post.topic, post=post, actor=request.user)
    except ServiceError as error:
        refuse(request, error)
    return redirect(post_url(post, request.user))


@login_required
@require_POST
def post_flag(request, pk: int):
    post = _post(request, pk)
    require_perm(request, "community.read_category", post.topic.category)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            moderation.post_flag(post=post, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Thank you. The moderators will look at this post."))
        except ServiceError as error:
            refuse(request, error)
    else:
        messages.error(request, _("Please say why you flag this post."))
    return redirect(post_url(post, request.user))


def _subscribe(request, **target) -> None:
    require_perm(request, "community.post")
    try:
        services.subscription_set(user=request.user, level=request.POST.get("level", ""), **target)
    except ServiceError as error:
        refuse(request, error)


@login_required
@require_POST
def topic_subscribe(request, pk: int):
    topic = _topic(request, pk)
    _subscribe(request, topic=topic)
    return redirect("community:topic", pk=topic.pk)


@login_required
@require_POST
def category_subscribe(request, slug: str):
    category = _category(request, slug)
    _subscribe(request, category=category)
    return redirect("community:category", slug=category.slug)


def attachment(request, pk: int):
    item = get_object_or_404(Attachment.objects.select_related("post"), pk=pk)
    _post(request, item.post_id)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)
