using VerifiedWriteback.Kernel;
using VerifiedWriteback.Ext4.Variants;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// The modelled kernel functions, as seen from one CPU. The class is split by kernel source file:
/// PageIo.*.cs is fs/ext4/page-io.c, Crypto.cs is fs/ext4/crypto.c, Mm.cs and Buffer.cs are the
/// mm/ and fs/buffer.c helpers, Block.cs is the block layer. Function and field names are the
/// kernel's so the C# reads line by line beside the C.
/// </summary>
public sealed partial class Linux(ICpu cpu, Variant variant)
{
    public ICpu Cpu { get; } = cpu;
    public Variant Variant { get; } = variant;
    public Machine Machine => Cpu.Machine;

    private void Trace(KernelEvent e) => Machine.Trace(Cpu, e);

    /// <summary>The page-cache page a (possibly bounce) page stands for.</summary>
    public static page ControlPage(page p) => p.IsBounce ? p.BounceOf ?? p : p;
}
