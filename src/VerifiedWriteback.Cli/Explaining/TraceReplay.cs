using VerifiedWriteback.Engine;

namespace VerifiedWriteback.Cli.Explaining;

/// <summary>Loads a saved trace and replays it; anything that keeps it from replaying is one <see cref="TraceError"/> line.</summary>
public static class TraceReplay
{
    public static (TraceFile Trace, ReplayResult Result) Run(string path)
    {
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

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
