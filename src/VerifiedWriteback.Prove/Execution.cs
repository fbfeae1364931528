namespace VerifiedWriteback.Prove;

/// <summary>Where a process of the explorer is.</summary>
public enum ProcState
{
    /// <summary>Created, its body not yet begun (enabled).</summary>
    NotStarted,
    /// <summary>Suspended at a point (enabled).</summary>
    Ready,
    /// <summary>Running its step now.</summary>
    Running,
    /// <summary>Asleep on a wait queue until a wake makes it Ready.</summary>
    Sleeping,
    /// <summary>A server (completion CPU, kworker) between work items: enabled when it has work.</summary>
    Idle,
    /// <summary>Its body returned.</summary>
    Done,
}

/// <summary>
/// One process of a run: a CPU of the model (writer0, fsync, pressure, completion0, kworker) or
/// a toy thread. A thread runs one body; a server runs one work item after another while it has work.
/// </summary>
public sealed class Proc
{
    internal Proc(string name, int index, Func<ValueTask>? body, Func<bool>? hasWork, Func<ValueTask>? work, int? symmetryGroup)
    {
        Name = name;
        Index = index;
        Body = body;
        HasWork = hasWork;
        Work = work;
        SymmetryGroup = symmetryGroup;
        State = body is not null ? ProcState.NotStarted : ProcState.Idle;
    }

    public string Name { get; }
    public int Index { get; }
    public ProcState State { get; internal set; }

    /// <summary>Whether its last point was one where the kernel could be preempted (not a sleep, a voluntary wait or the end of a work item).</summary>
    public bool AtPreemptivePoint { get; internal set; }

    /// <summary>The wait queue it sleeps on, when <see cref="State"/> is Sleeping.</summary>
    public object? SleepingOn { get; internal set; }

    /// <summary>What the process was doing when it went to sleep, for deadlock reports.</summary>
    public string? SleepReason { get; internal set; }

    /// <summary>Idle servers with the same group are interchangeable (completion CPUs): with symmetry on, only the first may take work.</summary>
    public int? SymmetryGroup { get; }

    internal Func<ValueTask>? Body { get; }
    internal Func<bool>? HasWork { get; }
    internal Func<ValueTask>? Work { get; }
    internal Point Point { get; } = new();
    internal ValueTask Root { get; set; }

    public bool Enabled => State switch
    {
        ProcState.NotStarted or ProcState.Ready => true,
        ProcState.Idle => HasWork!(),
        _ => false,
    };

    public override string ToString() => Name;
}

/// <summary>Who decides at each choice point of a run: the search (by index), a replay (by label).</summary>
public interface IChooser
{
    /// <summary>Picks one of <paramref name="n"/> alternatives; <paramref name="label"/> names alternative i (for traces and replay).</summary>
    int Choose(int n, Func<int, string> label);
}

/// <summary>
/// One run of the explorer: the processes, the points where they suspend, and the loop that
/// picks who runs next. Everything runs on the caller's thread: a step resumes one process's
/// stored continuation, which runs until the process suspends again (its next point) or ends.
/// </summary>
public sealed class Execution(IChooser chooser)
{
    private readonly List<Proc> procs = [];
    private readonly List<Proc> enabled = [];
    private Proc? last;

    public IReadOnlyList<Proc> Processes => procs;
    public IChooser Chooser { get; } = chooser;

    /// <summary>Scheduling steps taken so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Switches away from a process that was still enabled at a preemptive point.</summary>
    public int Preemptions { get; private set; }

    /// <summary>With symmetry, idle servers of one group after the first are not offered; this counts the branches so cut.</summary>
    public long PrunedBranches { get; private set; }

    /// <summary>When set: at most this many preemptions (CHESS-style bound).</summary>
    public int? PreemptionBound { get; init; }

    public bool Symmetry { get; init; }

    /// <summary>Set when the preemption bound removed an alternative in this run (the search is then bounded).</summary>
    public bool PreemptionBoundHit { get; private set; }

    /// <summary>The first exception a process did not handle (a kernel BUG), with the process.</summary>
    public (Proc Proc, Exception Error)? Crash { get; private set; }

    public Proc Thread(string name, Func<ValueTask> body) => Add(new Proc(name, procs.Count, body, null, null, null));

    public Proc Server(string name, Func<bool> hasWork, Func<ValueTask> work, int? symmetryGroup = null) =>
        Add(new Proc(name, procs.Count, null, hasWork, work, symmetryGroup));

    private Proc Add(Proc p)
    {
        procs.Add(p);
        return p;
    }

    /// <summary>The running process suspends at a point where another may run; it stays enabled.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the execution's API, called on the execution that owns the process.")]
    public ValueTask Yield(Proc p, bool preemptive)
    {
        Running(p);
        p.State = ProcState.Ready;
        p.AtPreemptivePoint = preemptive;
        return p.Point.Wait();
    }

    /// <summary>The running process sleeps on <paramref name="queue"/> until <see cref="Wake"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the execution's API, called on the execution that owns the process.")]
    public ValueTask Sleep(Proc p, object queue, string why)
    {
        Running(p);
        p.State = ProcState.Sleeping;
        p.SleepingOn = queue;
        p.SleepReason = why;
        p.AtPreemptivePoint = false;
        return p.Point.Wait();
    }

    /// <summary>Makes a sleeper on <paramref name="queue"/> runnable again (a wake of one not asleep there is spurious and ignored).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the execution's API, called on the execution that owns the process.")]
    public void Wake(Proc sleeper, object queue)
    {
        if (sleeper.State == ProcState.Sleeping && ReferenceEquals(sleeper.SleepingOn, queue))
        {
            sleeper.State = ProcState.Ready;
            sleeper.SleepingOn = null;
            sleeper.SleepReason = null;
        }
    }

    private static void Running(Proc p)
    {
        if (p.State != ProcState.Running)
        {
            throw new ExplorerEscape($"{p.Name} reached a point while not running (state {p.State})");
        }
    }

    /// <summary>The enabled processes, in creation order, after the symmetry and preemption filters.</summary>
    public IReadOnlyList<Proc> Enabled()
    {
        enabled.Clear();
        var groupsSeen = 0UL;
        foreach (var p in procs)
        {
            if (!p.Enabled)
            {
                continue;
            }
            if (Symmetry && p.State == ProcState.Idle && p.SymmetryGroup is { } g)
            {
                if ((groupsSeen & (1UL << g)) != 0)
                {
                    PrunedBranches++;
                    continue;
                }
                groupsSeen |= 1UL << g;
            }
            enabled.Add(p);
        }
        if (PreemptionBound is { } bound && last is not null && Preemptions >= bound && enabled.Count > 1 &&
            last.State == ProcState.Ready && last.AtPreemptivePoint && enabled.Contains(last))
        {
            PreemptionBoundHit = true;
            enabled.Clear();
            enabled.Add(last);
        }
        return enabled;
    }

    /// <summary>
    /// Chooses and runs one step. Returns the process that ran, or null when nothing is enabled
    /// (the run is quiescent).
    /// </summary>
    public Proc? Step()
    {
        var candidates = Enabled();
        if (candidates.Count == 0)
        {
            return null;
        }
        var i = Chooser.Choose(candidates.Count, k => candidates[k].Name);
        var p = candidates[i];
        if (last is not null && !ReferenceEquals(last, p) && last.State == ProcState.Ready && last.AtPreemptivePoint)
        {
            Preemptions++;
        }
        Run(p);
        last = p;
        Steps++;
        return p;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2012", Justification = "The root task of a process is kept once and consumed once, when the process is done.")]
    private void Run(Proc p)
    {
        var state = p.State;
        p.State = ProcState.Running;
        switch (state)
        {
            case ProcState.NotStarted:
                p.Root = p.Body!();
                break;
            case ProcState.Ready:
                p.Point.Resume();
                break;
            case ProcState.Idle:
                p.Root = p.Work!();
                break;
            default:
                throw new ExplorerEscape($"{p.Name} scheduled in state {state}");
        }
        if (p.State != ProcState.Running)
        {
            return;                                                              // suspended at its next point
        }
        if (!p.Root.IsCompleted)
        {
            throw new ExplorerEscape($"{p.Name}'s step ended neither at a point nor at its end: an await completed outside the explorer");
        }
        p.State = p.Body is not null ? ProcState.Done : ProcState.Idle;
        p.AtPreemptivePoint = false;
        try
        {
            p.Root.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Crash ??= (p, e);
        }
    }
}
