"""Full-text search latency at the service (not a test): 100,000 generated published posts
(half Russian, half English, words drawn from a Zipf distribution so some are everywhere and
most are rare) in a fresh posts database, then `searchPosts` queries of several kinds run one
after another through the service's own search (`subgraphs/posts/search.py`: the SQL, the
snippets, the cursor), timing each call. Goal: p99 < 20 ms.

    .venv/bin/python -m bench.search [--posts 100000] [--queries 200] [--keep]
        [--rank-window 1000] [--database-url URL]

Loading takes a few minutes (the generated tsvector is computed per row); `--keep` leaves the
database for another run (`--database-url` reuses one).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import random
import statistics
import time
import uuid
from collections.abc import Iterator

import asyncpg  # type: ignore[import-untyped]

from common.db import Database, drop_database
from subgraphs.posts.app import migrate
from subgraphs.posts.search import Search
from subgraphs.posts.settings import Settings
from tests.support.stores import fresh_database_url

VOCABULARY = 20_000
LATIN = "bcdfghklmnprstvz"
LATIN_VOWELS = "aeiou"
CYRILLIC = "бвгджзклмнпрстфхцчш"
CYRILLIC_VOWELS = "аеиоуыэюя"


def words(consonants: str, vowels: str, count: int, rng: random.Random) -> list[str]:
    """`count` distinct pronounceable made-up words (2-4 syllables)."""
    made: set[str] = set()
    while len(made) < count:
        syllables = rng.randint(2, 4)
        made.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    return sorted(made)


class Corpus:
    def __init__(self, seed: int = 18) -> None:
        self.rng = random.Random(seed)
        self.english = words(LATIN, LATIN_VOWELS, VOCABULARY, self.rng)
        self.russian = words(CYRILLIC, CYRILLIC_VOWELS, VOCABULARY, self.rng)
        # Zipf-like: the n-th word is drawn with weight 1/n (cumulated once: choices() would
        # otherwise add the 20,000 weights up on every call)
        self.cumulative = list(itertools.accumulate(1.0 / (n + 1) for n in range(VOCABULARY)))

    def text(self, vocabulary: list[str], n: int) -> str:
        return " ".join(self.rng.choices(vocabulary, cum_weights=self.cumulative, k=n))

    def posts(self, count: int) -> Iterator[tuple[object, ...]]:
        start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        author_ids = [uuid.uuid4() for _ in range(200)]
        for n in range(count):
            vocabulary = self.russian if n % 2 else self.english
            at = start + dt.timedelta(minutes=n)
            post_id = uuid.uuid4()
            text = self.text(vocabulary, self.rng.randint(150, 400))
            yield (
                post_id,
                author_ids[n % len(author_ids)],
                self.text(vocabulary, 5),
                f"bench-{post_id.hex}",
                text,
                self.text(vocabulary, 20),
                "PUBLISHED",
                at,
                at,
                at,
                max(1, len(text.split()) // 200),
            )


COLUMNS = (
    "id",
    "author_id",
    "topic",
    "slug",
    "text",
    "preview_text",
    "state",
    "created_at",
    "updated_at",
    "published_at",
    "reading_minutes",
)


async def load(url: str, count: int, corpus: Corpus) -> float:
    started = time.perf_counter()
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        batch: list[tuple[object, ...]] = []
        for row in corpus.posts(count):
            batch.append(row)
            if len(batch) == 5_000:
                await conn.copy_records_to_table("posts", records=batch, columns=COLUMNS)
                batch = []
        if batch:
            await conn.copy_records_to_table("posts", records=batch, columns=COLUMNS)
        await conn.execute("VACUUM ANALYZE posts")
    finally:
        await conn.close()
    return time.perf_counter() - started


def queries(corpus: Corpus, kind: str, count: int) -> list[str]:
    rng = random.Random(kind)
    made: list[str] = []
    for n in range(count):
        vocabulary = corpus.russian if n % 2 else corpus.english
        common, middle, rare = vocabulary[:20], vocabulary[200:2000], vocabulary[5000:]
        if kind == "rare word":
            made.append(rng.choice(rare))
        elif kind == "middle word":
            made.append(rng.choice(middle))
        elif kind == "two words":
            made.append(f"{rng.choice(middle)} {rng.choice(middle)}")
        elif kind == "phrase":
            made.append(f'"{rng.choice(common)} {rng.choice(common)}"')
        else:  # a word in most posts
            made.append(rng.choice(common))
    return made


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> None:
    url = args.database_url or fresh_database_url("posts_bench_search")
    corpus = Corpus()
    try:
        if not args.database_url:
            await migrate(Settings(database_url=url, environment="test"))
            seconds = await load(url, args.posts, corpus)
            print(f"loaded {args.posts} posts in {seconds:.1f} s")
        db = Database(url, pool_size=2)
        search = Search(db, rank_window=args.rank_window)
        kinds = ("rare word", "middle word", "two words", "phrase", "common word")
        everything: list[float] = []
        print(f"{'query':<14}{'n':>6}{'p50 ms':>10}{'p99 ms':>10}{'hits/page':>11}")
        for kind in kinds:
            timings: list[float] = []
            hits = 0
            for query in queries(corpus, kind, args.queries):
                started = time.perf_counter()
                page = await search.search(query=query, first=20)
                timings.append((time.perf_counter() - started) * 1000)
                hits += len(page.items)
            everything += timings
            print(
                f"{kind:<14}{len(timings):>6}{percentile(timings, 50):>10.2f}"
                f"{percentile(timings, 99):>10.2f}{hits / len(timings):>11.1f}"
            )
        print(
            f"{'all':<14}{len(everything):>6}{percentile(everything, 50):>10.2f}"
            f"{percentile(everything, 99):>10.2f}   (mean {statistics.mean(everything):.2f} ms)"
        )
        await db.close()
    finally:
        if not args.keep and not args.database_url:
            await drop_database(url)
        elif not args.database_url:
            print(f"kept: --database-url {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--rank-window", type=int, default=Settings().search_rank_window)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
