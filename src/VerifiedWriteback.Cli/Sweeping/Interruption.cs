namespace VerifiedWriteback.Cli.Sweeping;

/// <summary>
/// Ctrl-C during a sweep. The first press asks the sweep to stop after the cell it is running
/// (every finished cell is already in report.jsonl; report.json and junit.xml are then written
/// for what exists); a second press stops the running cell at its next iteration too (that cell
/// is dropped). A parent of --parallel shards asks its children to stop through a stop file,
/// named by VWB_STOP_FILE, which counts as a first press.
/// </summary>
public sealed class Interruption : IDisposable
{
    public const string StopFileVariable = "VWB_STOP_FILE";

    private readonly CancellationTokenSource abort = new();
    private readonly string? stopFile;
    private readonly bool listening;
    private volatile bool stopRequested;

    /// <summary>Called (from the signal thread) when a press is taken: 1 for the first, 2 for the second.</summary>
    public Action<int>? Pressed { get; set; }

    public Interruption(bool listenToConsole)
    {
        stopFile = Environment.GetEnvironmentVariable(StopFileVariable) is { Length: > 0 } f ? f : null;
        if (listenToConsole)
        {
            Console.CancelKeyPress += OnCancelKeyPress;
            listening = true;
        }
    }

    /// <summary>Stop after the running cell.</summary>
    public bool StopRequested => stopRequested || (stopFile is not null && File.Exists(stopFile));

    /// <summary>Stop the running cell now.</summary>
    public CancellationToken Abort => abort.Token;

    public void RequestStop()
    {
        if (!stopRequested)
        {
            stopRequested = true;
            Pressed?.Invoke(1);
        }
        else if (!abort.IsCancellationRequested)
        {
            abort.Cancel();
            Pressed?.Invoke(2);
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        RequestStop();
    }

    public void Dispose()
    {
        if (listening)
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }
        abort.Dispose();
    }
}
