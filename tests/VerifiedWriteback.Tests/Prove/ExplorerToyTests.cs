using VerifiedWriteback.Prove;
using VerifiedWriteback.Specs;

namespace VerifiedWriteback.Tests.Prove;

/// <summary>
/// The explorer's soundness pinned on toys whose runs are counted by hand: a thread of n steps
/// has n-1 points, and every interleaving of threads of a, b, c steps is a word with a A's, b B's
/// and c C's, so there are exactly (a+b+c)!/(a!b!c!) of them, each run once.
/// </summary>
public class ExplorerToyTests
{
    private static readonly ProveOptions All = new() { StopAtViolation = false };

    [Theory]
    [InlineData(3, 2, 10)]      // C(5,2)
    [InlineData(4, 4, 70)]      // C(8,4)
    [InlineData(1, 1, 2)]
    [InlineData(5, 1, 6)]
    public void Two_threads_run_exactly_every_interleaving(int a, int b, int expected)
    {
        var shared = Explorer.Explore(Toy.Threads([a, b], sharedLog: true), All);
        Assert.Equal(ProveOutcome.Exhausted, shared.Outcome);
        Assert.Equal(expected, shared.Runs);
        Assert.Equal(expected, shared.Finals);                                // every order leaves another log
        Assert.Equal((long)expected * (a + b), shared.Steps);

        var independent = Explorer.Explore(Toy.Threads([a, b], sharedLog: false), All);
        Assert.Equal(expected, independent.Runs);                             // no reduction: every order is run
        Assert.Equal(1, independent.Finals);                                  // ... and all end in one state
    }

    [Fact]
    public void Three_threads_run_the_multinomial_number_of_interleavings()
    {
        var r = Explorer.Explore(Toy.Threads([2, 2, 2], sharedLog: true), All);
        Assert.Equal(90, r.Runs);                                             // 6!/(2!2!2!)
        Assert.Equal(90, r.Finals);
    }

    [Theory]
    [InlineData(3, 2, 0, 2)]    // AAABB, BBAAA
    [InlineData(3, 2, 1, 5)]    // + A^i B^2 A^(3-i), i=1,2; B A^3 B: a+b in all
    [InlineData(4, 3, 1, 7)]
    [InlineData(3, 2, 9, 10)]   // a bound that never bites: every interleaving
    public void The_preemption_bound_keeps_exactly_the_schedules_within_it(int a, int b, int k, int expected)
    {
        var r = Explorer.Explore(Toy.Threads([a, b], sharedLog: true), All with { Preemptions = k });
        Assert.Equal(ProveOutcome.Exhausted, r.Outcome);
        Assert.Equal(expected, r.Runs);
        Assert.Equal(expected, r.Finals);
    }

    [Fact]
    public void The_first_violation_stops_the_search_and_its_decisions_replay()
    {
        // "B.0 before A.1": found, and replaying its decisions gives the same log.
        var factory = Toy.Threads([3, 2], sharedLog: true, log => log.Contains("B.0") && !log.Contains("A.1") ? "Order" : null);
        var r = Explorer.Explore(factory, new ProveOptions());
        Assert.Equal(ProveOutcome.Violation, r.Outcome);
        var first = r.First!;
        Assert.Equal("Order", first.Verdict!.Spec);
        var again = Explorer.RunOnce(factory, new DfsChooser(first.Decisions), new ProveOptions(), out var model);
        Assert.Equal(first.StateHash, again.StateHash);
        Assert.Equal(["A.0", "B.0"], ((Toy)model).Log);
    }

    [Fact]
    public void Minimizing_finds_the_shortest_violating_run()
    {
        // Violation: the log holds B.1. DFS (A first) finds it after all of A: A A A B B (5 steps);
        // the shortest is B B (2 steps), and it has no preemption of a still-running thread... B.0
        // at a point where A was not started: 0 preemptions.
        var factory = Toy.Threads([3, 2], sharedLog: true, log => log.Contains("B.1") ? "B1" : null);
        var found = Explorer.Explore(factory, new ProveOptions());
        Assert.Equal(5, found.First!.Steps);
        var minimal = Prover.Minimize(factory, found.First, new ProveOptions());
        Assert.True(minimal.ProvenShortest);
        Assert.Equal(2, minimal.Run.Steps);
        Assert.Equal(0, minimal.Run.Preemptions);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    public void Symmetric_servers_prune_branches_but_keep_every_final_state(int items, int servers)
    {
        var factory = (ModelFactory)((c, l) => new ToyServers(c, l, items, servers));
        var full = Explorer.Explore(factory, All);
        var reduced = Explorer.Explore(factory, All with { Symmetry = true });
        Assert.Equal(0, full.Pruned);
        Assert.True(reduced.Pruned > 0);
        Assert.True(reduced.Runs < full.Runs, $"{reduced.Runs} vs {full.Runs}");
        Assert.Equal(full.FinalStates.OrderBy(x => x), reduced.FinalStates.OrderBy(x => x));
        Assert.Equal(Factorial(items), full.Finals);                          // every order of taking the items is reachable
    }

    [Fact]
    public void A_sleeper_nobody_wakes_is_a_deadlock_and_a_wake_lets_it_finish()
    {
        var queue = new object();
        ModelFactory Make(bool wake) => (c, l) =>
        {
            var t = new Toy(c, l, [], sharedLog: true);
            Proc sleeper = null!, waker = null!;
            sleeper = t.Execution.Thread("sleeper", async () =>
            {
                t.Log.Add("sleep");
                await t.Execution.Sleep(sleeper, queue, "toy");
                t.Log.Add("woken");
            });
            waker = t.Execution.Thread("waker", async () =>
            {
                if (wake)
                {
                    t.Execution.Wake(sleeper, queue);                             // before the sleep: spurious, ignored
                    await t.Execution.Yield(waker, preemptive: true);
                    t.Execution.Wake(sleeper, queue);
                }
            });
            return t;
        };
        var none = Explorer.Explore(Make(false), All);
        Assert.Equal(new[] { "Deadlock" }, none.Verdicts.ToArray());
        var woken = Explorer.Explore(Make(true), All);
        // Both wakes before the sleep (spurious, ignored): deadlock; any other order: the sleeper
        // is woken and finishes. Both are reachable.
        Assert.Equal(new[] { "Deadlock" }, woken.Verdicts.ToArray());
        Assert.True(woken.Finals >= 2);
    }

    [Fact]
    public void A_step_that_awaits_something_outside_the_explorer_is_an_escape_not_a_lost_cpu()
    {
        var never = new TaskCompletionSource();
        ModelFactory factory = (c, l) =>
        {
            var t = new Toy(c, l, [], sharedLog: true);
            t.Execution.Thread("escapee", async () => await never.Task);
            return t;
        };
        Assert.Throws<ExplorerEscape>(() => Explorer.Explore(factory, All));
    }

    private static long Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}
