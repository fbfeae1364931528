namespace VerifiedWriteback.Ext4.Sequential;

/// <summary>
/// Runs a kernel function to its end on a CPU that never suspends (a sequential run): every point
/// of such a CPU returns at once, so the call must have completed when it returns; anything else
/// is a modelling error, reported as such rather than silently dropped.
/// </summary>
public static class Sequentially
{
    public static void Run(ValueTask call)
    {
        if (!call.IsCompleted)
        {
            throw new InvalidOperationException("a kernel call suspended on a CPU that cannot suspend");
        }
        call.GetAwaiter().GetResult();
    }

    public static T Run<T>(ValueTask<T> call)
    {
        if (!call.IsCompleted)
        {
            throw new InvalidOperationException("a kernel call suspended on a CPU that cannot suspend");
        }
        return call.GetAwaiter().GetResult();
    }
}
