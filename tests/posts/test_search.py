"""Reading time and full-text search, against the posts service on a real PostgreSQL."""

from __future__ import annotations

from typing import Any

from subgraphs.posts.reading import language, reading_minutes
from tests.posts.conftest import ANON, OTHER, OWNER, WRITER, Posts

SEARCH = """query($q: String!, $first: Int, $after: String, $tag: ID, $author: ID) {
  searchPosts(query: $q, first: $first, after: $after, tagId: $tag, authorId: $author) {
    edges { cursor node { rank snippet post { id topic readingMinutes } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


async def search(posts: Posts, q: str, **variables: Any) -> list[dict[str, Any]]:
    data = await posts.data(SEARCH, {"q": q, **variables}, as_=ANON)
    return [e["node"] for e in data["searchPosts"]["edges"]]


def ids(hits: list[dict[str, Any]]) -> list[str]:
    return [h["post"]["id"] for h in hits]


# ---------------------------------------------------------------------------- reading time


def test_reading_minutes_by_language() -> None:
    assert language("Привет, мир, это текст") == "ru"
    assert language("Hello world, Привет") == "en"
    assert reading_minutes("") == 1
    assert reading_minutes("word " * 230) == 1
    assert reading_minutes("word " * 231) == 2
    # Russian is read slower: 230 words are two minutes, not one
    assert reading_minutes("слово " * 230) == 2


async def test_reading_minutes_saved_with_the_text(posts: Posts) -> None:
    post = await posts.create_post(text="word " * 1000)
    data = await posts.data(
        "query($id: ID!) { post(id: $id) { readingMinutes } }", {"id": post["id"]}, as_=WRITER
    )
    assert data["post"]["readingMinutes"] == 5  # ceil(1000 / 230)
    await posts.data(
        'mutation($id: ID!) { updatePost(id: $id, input: {text: "short"}) { id } }',
        {"id": post["id"]},
        as_=WRITER,
    )
    data = await posts.data(
        "query($id: ID!) { post(id: $id) { readingMinutes } }", {"id": post["id"]}, as_=WRITER
    )
    assert data["post"]["readingMinutes"] == 1
    rows = await posts.outbox_rows(post["id"])
    assert rows[-1]["payload"]["reading_minutes"] == 1


# ---------------------------------------------------------------------------- search


async def test_finds_published_posts_by_stemmed_words_in_both_languages(posts: Posts) -> None:
    english = await posts.published(
        topic="Gardening notes", text="The tomatoes were running wild all summer."
    )
    russian = await posts.published(
        topic="Заметки", text="Собаки бегали по саду, и кошки тоже бегали."
    )
    draft = await posts.create_post(topic="Draft", text="running tomatoes in a draft")
    assert ids(await search(posts, "tomato run")) == [english["id"]]
    assert ids(await search(posts, "собака")) == [russian["id"]]
    assert draft["id"] not in ids(await search(posts, "tomatoes"))
    hit = (await search(posts, "собака"))[0]
    assert "<mark>Собаки</mark>" in hit["snippet"]
    assert hit["post"]["readingMinutes"] == 1
    # websearch syntax: exclusion and phrases
    assert english["id"] not in ids(await search(posts, "tomatoes -summer"))
    assert ids(await search(posts, '"running wild"')) == [english["id"]]
    assert await search(posts, '"wild running"') == []


async def test_weights_topic_over_preview_over_text_over_tags_then_fresher(posts: Posts) -> None:
    tag = await posts.create_tag("Quokka")
    in_tag = await posts.published(topic="t1", text="nothing", tag_ids=[tag["id"]])
    in_text = await posts.published(topic="t2", text="a quokka here")
    in_preview = await posts.published(topic="t3", text="nothing", preview="quokka")
    in_topic = await posts.published(topic="The quokka", text="nothing")
    newer_in_topic = await posts.published(topic="Quokka again", text="nothing")
    found = ids(await search(posts, "quokka"))
    assert found == [
        newer_in_topic["id"],
        in_topic["id"],
        in_preview["id"],
        in_text["id"],
        in_tag["id"],
    ]
    # filters
    assert ids(await search(posts, "quokka", tag=tag["id"])) == [in_tag["id"]]
    other = await posts.published(OTHER, topic="quokka of another")
    assert ids(await search(posts, "quokka", author=OTHER.id)) == [other["id"]]


async def test_renamed_tag_is_searched_by_its_new_name(posts: Posts) -> None:
    tag = await posts.create_tag("Wombatish")
    post = await posts.published(topic="x", text="nothing", tag_ids=[tag["id"]])
    await posts.data(
        'mutation($id: ID!) { renameTag(id: $id, name: "Platypus") { id } }',
        {"id": tag["id"]},
        as_=OWNER,
    )
    assert ids(await search(posts, "platypus")) == [post["id"]]
    assert await search(posts, "wombatish") == []


async def test_cursor_pages_cover_every_hit_once(posts: Posts) -> None:
    made = [(await posts.published(topic=f"narwhal {i}", text="narwhal"))["id"] for i in range(5)]
    seen: list[str] = []
    after = None
    while True:
        data = await posts.data(SEARCH, {"q": "narwhal", "first": 2, "after": after})
        page = data["searchPosts"]
        seen += [e["node"]["post"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == sorted(made)
    assert len(seen) == 5
    assert seen == list(reversed(made))  # equal ranks: fresher first


async def test_bad_queries_are_bad_user_input(posts: Posts) -> None:
    assert await posts.code(SEARCH, {"q": "   "}) == "BAD_USER_INPUT"
    assert await posts.code(SEARCH, {"q": "x" * 300}) == "BAD_USER_INPUT"
    assert await posts.code(SEARCH, {"q": "a", "after": "nope"}) == "BAD_USER_INPUT"
    assert await posts.code(SEARCH, {"q": "a", "tag": "x"}) == "BAD_USER_INPUT"
    assert await posts.code(SEARCH, {"q": "a", "first": 0}) == "BAD_USER_INPUT"
    # only stop words: nothing to look for, nothing found
    assert await search(posts, "the and") == []
