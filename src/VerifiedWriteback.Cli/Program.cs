using VerifiedWriteback.Cli;
using VerifiedWriteback.Cli.Sweeping;

// A sequential sweep in its own process runs on one core (ParallelSweep.PinSequentialSweep); in-process
// callers (the tests) go straight to Vwb.Run and are never pinned.
if (args is ["sweep", ..] && !ParallelSweep.AsksForChildren(args))
{
    ParallelSweep.PinSequentialSweep();
}
return Vwb.Run(args, Console.Out, Console.Error);
