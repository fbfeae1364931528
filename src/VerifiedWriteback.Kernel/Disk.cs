namespace VerifiedWriteback.Kernel;

/// <summary>What one block of the disk received from one completed bio.</summary>
public sealed record DiskWrite(long Block, int Version, bool Ciphertext, int PageId, int BioId);

/// <summary>
/// The block device's media: for each block the last data version written and whether it was
/// ciphertext. A sorted map, so that any listing is in block order and runs are reproducible.
/// </summary>
public sealed class Disk
{
    public SortedDictionary<long, DiskWrite> Blocks { get; } = [];
    public List<DiskWrite> History { get; } = [];

    public void Write(DiskWrite write)
    {
        Blocks[write.Block] = write;
        History.Add(write);
    }
}
