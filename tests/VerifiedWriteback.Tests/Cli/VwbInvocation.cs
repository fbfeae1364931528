using VerifiedWriteback.Cli;

namespace VerifiedWriteback.Tests.Cli;

/// <summary>One in-process run of `vwb ARGS`, capturing both streams.</summary>
internal sealed record VwbInvocation(int Code, string Stdout, string Stderr)
{
    public static VwbInvocation Of(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Vwb.Run(args, stdout, stderr);
        return new VwbInvocation(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The bad-input contract: exit 1, nothing on stdout, exactly one line on stderr that starts
    /// with "vwb:", and no exception name or stack frame in it. Returns that line.
    /// </summary>
    public string AssertBadInput()
    {
        Assert.Equal(Vwb.BadInput, Code);
        Assert.Equal("", Stdout);
        Assert.EndsWith("\n", Stderr);
        var lines = Stderr.TrimEnd('\r', '\n').Split('\n');
        var line = Assert.Single(lines);
        Assert.StartsWith("vwb: ", line);
        Assert.DoesNotContain("Exception", line);
        Assert.DoesNotContain("   at ", Stderr);
        return line;
    }
}

/// <summary>A scratch directory for case files a test writes, removed afterwards.</summary>
public sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vwb-tests-" + Guid.NewGuid().ToString("N"));

    public ScratchDirectory() => Directory.CreateDirectory(Path);

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
