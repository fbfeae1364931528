using VerifiedWriteback.Reference;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;
using VerifiedWriteback.Properties.ModelBased;
using VerifiedWriteback.Properties.Oracle;
using Xunit.Abstractions;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>
/// One command to rejudge a printed counterexample (docs/PROPERTIES.md):
///   VWB_CASE='{"variant":...}' dotnet test --filter Rejudge_the_case_in_VWB_CASE --logger "console;verbosity=detailed"
///   VWB_SCENARIO='{"variant":...}' dotnet test --filter Rerun_the_scenario_in_VWB_SCENARIO --logger "console;verbosity=detailed"
/// Without the variable each test checks a built-in example instead, so the path stays tested.
/// </summary>
public sealed class ReplayFromEnvironment(ITestOutputHelper output)
{
    private const string ExampleCase = """{"variant":"seed","pageSize":4096,"blockSize":4096,"len":4096,"encryption":"software","regular":true,"syncMode":"all","keepTowrite":false,"buffers":[{"flags":["dirty","mapped"],"block":100}],"openBio":null,"faults":{"encrypt":["ENOMEM"],"bioAlloc":[],"io":[]},"completeBios":true}""";
    private const string ExampleScenario = """{"variant":"seed","pages":2,"blockSize":4096,"lastPageLen":4096,"encryption":"software","holes":[],"gapsBetweenPages":false,"bouncePoolReserve":1,"ops":["write page 0 buffer 0","write page 1 buffer 0","memory pressure PoolOnly","writeback pass WB_SYNC_NONE"]}""";

    [Fact]
    public void Rejudge_the_case_in_VWB_CASE()
    {
        var json = Environment.GetEnvironmentVariable("VWB_CASE") ?? ExampleCase;
        var c = WritePageCase.Parse(json);
        var observed = Observation.Of(CaseRunner.Run(c));
        var expected = c.Variant == "4.4-fixed" ? WritePageOracle.Predict(c, OracleSemantics.Upstream) : KnownFindings.ExpectedForSeed(c);
        var differences = OutcomeDiff.CompareAll(expected, observed);
        output.WriteLine($"case: {CaseJson.Serialize(c)}");
        output.WriteLine($"environment: {EnvironmentTags.Of(c)}; findings: [{string.Join(", ", KnownFindings.Applying(c))}]");
        output.WriteLine(differences.Count == 0 ? "matches the oracle" : string.Join(Environment.NewLine, differences));
        if (Environment.GetEnvironmentVariable("VWB_CASE") is null)
        {
            Assert.Empty(differences);
            Assert.Contains(Finding.F1, KnownFindings.Applying(c));
        }
    }

    [Fact]
    public void Rerun_the_scenario_in_VWB_SCENARIO()
    {
        var json = Environment.GetEnvironmentVariable("VWB_SCENARIO") ?? ExampleScenario;
        var verdict = ModelRun.Execute(ScenarioJson.Parse(json));
        output.WriteLine(verdict.Holds ? $"holds; reached: {string.Join("; ", verdict.Reached)}" : verdict.Report);
        if (Environment.GetEnvironmentVariable("VWB_SCENARIO") is null)
        {
            Assert.True(verdict.Holds, verdict.Report);
            Assert.True(verdict.ReachedF2, "the example is the smallest F2 deadlock");
        }
    }

    [Fact]
    public void Printed_scenarios_parse_back_to_the_same_scenario()
    {
        foreach (var s in FsCheck.Fluent.Gen.Sample(ScenarioGen.Scenarios("seed"), 200, new FsCheck.Rnd(3UL), 50))
        {
            Assert.Equal(s.ToString(), ScenarioJson.Parse(s.ToString()).ToString());
        }
    }
}
