namespace VerifiedWriteback.Kernel;

/// <summary>
/// A BUG_ON() that fired. The kernel would oops; the model throws, which Coyote reports as a bug
/// and the sequential runner reports as the outcome of the case.
/// </summary>
public sealed class KernelBug(string message) : Exception(message)
{
    public static void BUG_ON(bool condition, string what)
    {
        if (condition)
        {
            throw new KernelBug("kernel BUG: " + what);
        }
    }
}

/// <summary>
/// The running context would sleep forever: nothing in a sequential run can wake it.
/// Under Coyote the same sleep is an actor waiting for a message, and a hang is a liveness bug.
/// </summary>
public sealed class ModelHang(string message) : Exception(message);
