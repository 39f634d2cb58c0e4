"""spark-batch's driver program, submitted by scripts/spark-batch with spark-submit.

The driver only moves job records: each stage is an RDD of job records, one a partition, piped
through scripts/spark/spark-task (RDD.pipe), whose result records are the next stage's jobs.
Every reading and writing of media is done by reel's tools inside those tasks.

    prepare (a source)  ->  sample (a chunk)  ->  merge (a source)  ->  read (a chunk)
      ->  finish (a source: events once over the whole source, clips, page)

Then the events of every source, each with its `name` and `source`, become one dataset of JSON
lines, OUT/events/ (spark.read.json), summed up per source with Spark SQL. (spark-submit merges
a Python driver's stderr into its stdout: spark-batch sends both to stderr, and the dataset's
lines to stdout.)

Arguments: --out DIR --task PATH [--env NAME=VALUE]... [--no-summary] JOB...; each JOB is a prepare
record as JSON (spark-batch makes them).
"""

import argparse
import json
import os
import shlex
import shutil
import uuid

from pyspark.sql import SparkSession


def records(lines):
    """The result records of a stage, parsed."""
    return [json.loads(line) for line in lines]


class Stages:
    """Runs job records through spark-task on the cluster, one job a partition."""

    def __init__(self, context, task, env):
        self.context = context
        self.command = shlex.quote(task)
        self.env = env

    def lines(self, description, jobs):
        """The result lines of `jobs` (records), as spark-task wrote them."""
        if not jobs:
            return []
        self.context.setJobDescription(description)
        lines = [json.dumps(job, separators=(",", ":")) for job in jobs]
        rdd = self.context.parallelize(lines, len(lines))
        return [line for line in rdd.pipe(self.command, env=self.env, checkCode=True).collect() if line.strip()]

    def run(self, description, jobs):
        """The result records of `jobs`."""
        return records(self.lines(description, jobs))


def chunk_key(job):
    return (job["name"], job["chunk"])


def write_events(lines, out):
    """Writes the events (JSON lines) as the dataset OUT/events/part-00000.json, replacing an
    older one whole (written beside it, then renamed)."""
    target = os.path.join(out, "events")
    temporary = os.path.join(out, ".events-" + uuid.uuid4().hex[:8])
    os.mkdir(temporary)
    with open(os.path.join(temporary, "part-00000.json"), "w", encoding="utf-8") as file:
        file.writelines(line + "\n" for line in lines)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    elif os.path.lexists(target):
        os.remove(target)
    os.rename(temporary, target)
    return target


def summary(spark, dataset):
    """A line per source from the events dataset, with Spark SQL."""
    frame = spark.read.json("file://" + dataset)
    frame.createOrReplaceTempView("events")
    partial = "coalesce(partial, false)" if "partial" in frame.columns else "false"
    rows = spark.sql(f"""
        SELECT name,
               count_if(kind = 'match' AND NOT {partial}) AS matches,
               count_if(kind = 'goal') AS goals,
               count(*) AS events
        FROM events GROUP BY name ORDER BY name""").collect()
    return [f"{row.name}: {row.matches} matches, {row.goals} goals, {row.events} events" for row in rows]


def main():
    parser = argparse.ArgumentParser(prog="spark-batch")
    parser.add_argument("--out", required=True)
    parser.add_argument("--task", required=True)
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--no-summary", action="store_true")
    parser.add_argument("jobs", nargs="+")
    arguments = parser.parse_args()
    env = dict(item.split("=", 1) for item in arguments.env)
    prepares = [json.loads(job) for job in arguments.jobs]

    spark = SparkSession.builder.appName("reel spark-batch").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    stages = Stages(spark.sparkContext, arguments.task, env)

    samples = stages.run("prepare: fetch, plan the chunks", prepares)
    stages.run("sample: frame-sample per chunk", samples)
    merges = []
    for job in prepares:
        chunks = sorted((s for s in samples if s["name"] == job["name"]), key=chunk_key)
        merges.append(dict(job, stage="merge", parts=[[c["from"], c["to"]] for c in chunks]))
    reads = stages.run("merge: the frames of each source", merges)
    stages.run("read: the readers per chunk", reads)
    finishes = [dict(job, stage="finish", chunks=len(merge["parts"])) for job, merge in zip(prepares, merges)]
    events = stages.lines("finish: events, clips, page per source", finishes)

    dataset = write_events(events, arguments.out)
    for line in summary(spark, dataset) if events and not arguments.no_summary else []:
        print(f"spark-batch: {line}", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
