using VerifiedWriteback.Engine;
using VerifiedWriteback.Prove;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>Loads a saved trace and replays it; anything that keeps it from replaying is one <see cref="TraceError"/> line.</summary>
public static class TraceReplay
{
    public static (TraceFile Trace, ReplayResult Result) Run(string path)
    {
        if (ReadProveTrace(path) is { } prove)
        {
            return (prove.ToTraceFile(), ProveReplayer.Replay(prove));
        }
        var trace = TraceFile.Load(path);
        try
        {
            return (trace, Replayer.Replay(trace));
        }
        catch (TraceError)
        {
            throw;
        }
        catch (Exception e)
        {
            // A coyoteTrace that parses as JSON but whose steps were damaged fails inside Coyote.
            throw new TraceError($"{path}: Coyote could not replay its schedule ({FirstLine(e.Message)}): the trace is corrupted");
        }
    }

    /// <summary>A trace saved by vwb prove (its own format, replayed by the explorer), or null for any other file.</summary>
    private static ProveTrace? ReadProveTrace(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;                                                         // TraceFile.Load reports it
        }
        return ProveTrace.IsProveTrace(text) ? ProveTrace.Parse(text, path) : null;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
