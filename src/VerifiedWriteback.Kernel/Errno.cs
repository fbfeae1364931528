namespace VerifiedWriteback.Kernel;

/// <summary>errno values used by the modelled path (include/uapi/asm-generic/errno-base.h).</summary>
public static class Errno
{
    public const int EIO = 5;
    public const int ENOMEM = 12;
    public const int ENOSPC = 28;

    public static string Name(int err) => Math.Abs(err) switch
    {
        0 => "0",
        EIO => err < 0 ? "-EIO" : "EIO",
        ENOMEM => err < 0 ? "-ENOMEM" : "ENOMEM",
        ENOSPC => err < 0 ? "-ENOSPC" : "ENOSPC",
        _ => err.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
