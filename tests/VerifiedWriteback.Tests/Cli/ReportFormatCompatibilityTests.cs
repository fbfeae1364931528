using System.Text.Json.Nodes;
using VerifiedWriteback.Cli;
using VerifiedWriteback.Cli.Sweeping;
using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>
/// The files vwb writes keep their format across the move to System.Text.Json contracts: a
/// report.json and a report.jsonl written by vwb before it (held below, verbatim, from a sweep of
/// two clean matrix entries under random and pct) still merge, their configuration still has the
/// same fingerprint, and every committed trace is written back byte for byte.
/// </summary>
public sealed class ReportFormatCompatibilityTests : IDisposable
{
    private readonly ScratchDirectory scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>Shard 0/2, finished: report.json.</summary>
    private const string Shard0ReportJson = """
        {
          "format": "vwb-sweep-report/1",
          "modelVersion": "vwb-model-1",
          "planFingerprint": "d7839daaeca7bc00",
          "scope": "0/2",
          "status": "complete",
          "totals": {
            "cells": 2,
            "run": 2,
            "asExpected": 2,
            "unexpected": 0,
            "notRun": 0,
            "bugs": 0,
            "iterations": 6,
            "seconds": 0.226,
            "iterationsPerSecond": 26.5
          },
          "shards": [
            {
              "shard": "0/2",
              "status": "complete",
              "exitCode": null,
              "note": null
            }
          ],
          "rows": [
            {
              "index": 0,
              "scenario": "sync-enomem",
              "variant": "upstream",
              "strategy": "random",
              "expect": "clean",
              "finding": null,
              "outcome": "clean",
              "spec": null,
              "asExpected": true,
              "iterations": 3,
              "seconds": 0.213,
              "iterationsPerSecond": 14.1,
              "otherSpecs": [],
              "stopped": null,
              "message": null,
              "trace": null
            },
            {
              "index": 2,
              "scenario": "hardware-encryption",
              "variant": "seed",
              "strategy": "random",
              "expect": "clean",
              "finding": "none",
              "outcome": "clean",
              "spec": null,
              "asExpected": true,
              "iterations": 3,
              "seconds": 0.013,
              "iterationsPerSecond": 230.8,
              "otherSpecs": [],
              "stopped": null,
              "message": null,
              "trace": null
            }
          ],
          "notRun": [],
          "config": {
            "engine": {
              "maxSteps": 5000,
              "pctPriorityChangeBound": 10,
              "probabilisticLevel": 3
            },
            "sweep": {
              "strategies": [
                "random",
                "pct"
              ],
              "iterations": 3,
              "findingIterations": 50,
              "seed": 7,
              "timeoutSeconds": 60
            },
            "matrix": [
              {
                "scenario": "sync-enomem",
                "variant": "upstream",
                "expect": "clean"
              },
              {
                "scenario": "hardware-encryption",
                "variant": "seed",
                "expect": "clean",
                "finding": "none"
              }
            ]
          }
        }
        """;

    /// <summary>Shard 1/2 as a crashed shard leaves it: only report.jsonl.</summary>
    private const string Shard1ReportLines = """
        {"type":"start","format":"vwb-sweep-report/1","modelVersion":"vwb-model-1","planFingerprint":"d7839daaeca7bc00","scope":"1/2","config":{"engine":{"maxSteps":5000,"pctPriorityChangeBound":10,"probabilisticLevel":3},"sweep":{"strategies":["random","pct"],"iterations":3,"findingIterations":50,"seed":7,"timeoutSeconds":60},"matrix":[{"scenario":"sync-enomem","variant":"upstream","expect":"clean"},{"scenario":"hardware-encryption","variant":"seed","expect":"clean","finding":"none"}]}}
        {"type":"row","index":1,"scenario":"sync-enomem","variant":"upstream","strategy":"pct","expect":"clean","finding":null,"outcome":"clean","spec":null,"asExpected":true,"iterations":3,"seconds":0.179,"iterationsPerSecond":16.8,"otherSpecs":[],"stopped":null,"message":null,"trace":null}
        {"type":"row","index":3,"scenario":"hardware-encryption","variant":"seed","strategy":"pct","expect":"clean","finding":"none","outcome":"clean","spec":null,"asExpected":true,"iterations":3,"seconds":0.013,"iterationsPerSecond":230.8,"otherSpecs":[],"stopped":null,"message":null,"trace":null}
        """;

    private const string Fingerprint = "d7839daaeca7bc00";

    /// <summary>The model version is not part of the format; the files above carry the one they were written with.</summary>
    private static string Current(string text) => text.Replace("\"vwb-model-1\"", $"\"{ModelVersion.Current}\"", StringComparison.Ordinal);

    [Fact]
    public void Reports_written_before_the_contracts_still_merge()
    {
        var s0 = Path.Combine(scratch.Path, "s0");
        var s1 = Path.Combine(scratch.Path, "s1");
        Directory.CreateDirectory(s0);
        Directory.CreateDirectory(s1);
        File.WriteAllText(Path.Combine(s0, "report.json"), Current(Shard0ReportJson));
        File.WriteAllText(Path.Combine(s1, "report.jsonl"), Current(Shard1ReportLines) + "\n");

        var merged = Path.Combine(scratch.Path, "merged");
        var run = VwbInvocation.Of("merge", s0, Path.Combine(s1, "report.jsonl"), "--out", merged);

        Assert.Equal("", run.Stderr);
        Assert.Equal(Vwb.Ok, run.Code);
        var report = SmallSweep.Report(merged);
        Assert.Equal(Fingerprint, report["planFingerprint"]!.GetValue<string>());
        Assert.Equal("cells=4 run=4 asExpected=4 unexpected=0 notRun=0 bugs=0 iterations=12", SmallSweep.Totals(report));
        Assert.Equal(["0 sync-enomem/upstream/random clean 3 true", "1 sync-enomem/upstream/pct clean 3 true",
            "2 hardware-encryption/seed/random clean 3 true", "3 hardware-encryption/seed/pct clean 3 true"], SmallSweep.Rows(report));
        // The merged report's configuration is the one the shards ran, field for field.
        var before = JsonNode.Parse(Shard0ReportJson)!["config"]!.ToJsonString();
        Assert.Equal(before, report["config"]!.ToJsonString());
    }

    [Fact]
    public void The_configuration_fingerprint_is_unchanged()
    {
        var config = JsonNode.Parse(Shard0ReportJson)!["config"]!.ToJsonString();
        var plan = SweepPlan.Create(SweepConfig.Parse(config, "config"), new SweepOverrides());
        Assert.Equal(Fingerprint, plan.Fingerprint);
    }

    [Fact]
    public void A_report_written_now_has_the_fields_and_order_of_the_old_one()
    {
        var config = JsonNode.Parse(Shard0ReportJson)!["config"]!.ToJsonString();
        var plan = SweepPlan.Create(SweepConfig.Parse(config, "config"), new SweepOverrides());
        var old = SweepReport.Parse(Current(Shard0ReportJson), "old");
        var written = SweepReport.Build(plan, ShardSpec.Parse("0/2"), old.Shards, old.Rows).ToJsonText();
        Assert.Equal(Current(Shard0ReportJson).ReplaceLineEndings("\n"), written.ReplaceLineEndings("\n"));
    }

    public static TheoryData<string> Traces() => TraceCorpus.Names();

    [Theory]
    [MemberData(nameof(Traces))]
    public void Every_committed_trace_is_written_back_byte_for_byte(string name)
    {
        var text = File.ReadAllText(TraceCorpus.PathOf(name));
        Assert.Equal(text.TrimEnd('\n').ReplaceLineEndings("\n"), TraceFile.Parse(text, name).ToJson().ReplaceLineEndings("\n"));
    }
}
