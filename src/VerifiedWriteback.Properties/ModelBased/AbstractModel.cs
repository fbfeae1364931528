using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.ModelBased;

/// <summary>What a buffer is to the file system: unallocated, allocated later (delalloc), or on a block.</summary>
public enum BufferKind
{
    Hole,
    Delayed,
    Mapped,
}

/// <summary>A rule of the abstract model turned upside down, to show the model-based property can fail.</summary>
[Flags]
public enum ModelFlip
{
    None = 0,
    /// <summary>Delayed buffers are written even when the pass does not allocate them.</summary>
    DelayedBuffersWritten = 1 << 0,
    /// <summary>A WB_SYNC_ALL pass does not wait for pages under writeback.</summary>
    SyncPassDoesNotWait = 1 << 1,
}

/// <summary>
/// The abstract model of one inode under writeback, stated without the kernel code: per buffer its
/// kind, latest data version and dirty bit; per page dirty and error; which block versions are in
/// flight and which are on disk. A pass writes every dirty allocated buffer below i_size of every
/// dirty page not under writeback (a sync pass first lets the dirty page's in-flight I/O finish) and
/// cleans it; a failed page stays dirty and ends the pass. A clean page is skipped even by a sync
/// pass, without waiting for its in-flight I/O: this model first had the sync pass wait for every
/// page under writeback, but the kernel's pass tests PageDirty first and waits only for a dirty page
/// (4.4.178 fs/ext4/inode.c L2442-2450); waiting for the rest is fsync's later filemap_fdatawait. When in-flight I/O completes is the device's
/// business: the model accepts completions it observes, provided each was in flight.
/// </summary>
public sealed class AbstractModel
{
    private readonly ScenarioConfig c;
    private readonly BufferKind[][] kind;
    private readonly long[][] block;
    private readonly int[][] version;
    private readonly bool[][] dirty;
    private long nextNewBlock = ScenarioConfig.FirstNewBlock;

    public AbstractModel(ScenarioConfig config, bool syncRetriesEncryption, ModelFlip flips = ModelFlip.None)
    {
        c = config;
        SyncRetriesEncryption = syncRetriesEncryption;
        Flips = flips;
        var n = c.BuffersPerPage;
        kind = Enumerable.Range(0, c.Pages).Select(p => Enumerable.Range(0, n).Select(i => c.IsHole(p, i) ? BufferKind.Hole : BufferKind.Mapped).ToArray()).ToArray();
        block = Enumerable.Range(0, c.Pages).Select(p => Enumerable.Range(0, n).Select(i => c.IsHole(p, i) ? 0 : c.InitialBlock(p, i)).ToArray()).ToArray();
        version = Enumerable.Range(0, c.Pages).Select(_ => new int[n]).ToArray();
        dirty = Enumerable.Range(0, c.Pages).Select(_ => new bool[n]).ToArray();
        PageDirty = new bool[c.Pages];
        PageError = new bool[c.Pages];
        foreach (var (p, i) in Buffers().Where(t => kind[t.p][t.i] == BufferKind.Mapped))
        {
            OnDisk[block[p][i]] = (0, false); // allocated blocks hold version 0, written before the scenario
        }
    }

    /// <summary>Upstream retries a failed encryption under WB_SYNC_ALL with __GFP_NOFAIL; the seed does not (F1).</summary>
    public bool SyncRetriesEncryption { get; }
    public ModelFlip Flips { get; }
    public Pressure Pressure { get; private set; }
    public bool[] PageDirty { get; }
    public bool[] PageError { get; }
    public bool MappingError { get; private set; }
    public List<WriteRecord> InFlight { get; } = [];
    public SortedDictionary<long, (int Version, bool Ciphertext)> OnDisk { get; } = [];
    /// <summary>Pages whose WB_SYNC_ALL write failed with -ENOMEM (F1 in the seed), by pass.</summary>
    public List<int> SyncEncryptionFailures { get; } = [];

    public IEnumerable<(int p, int i)> Buffers() =>
        Enumerable.Range(0, c.Pages).SelectMany(p => Enumerable.Range(0, c.BuffersPerPage).Select(i => (p, i)));

    public BufferKind Kind(int p, int i) => kind[p][i];
    public long Block(int p, int i) => block[p][i];
    public int Version(int p, int i) => version[p][i];
    public bool Dirty(int p, int i) => dirty[p][i];
    public bool Writeback(int p) => InFlight.Any(w => w.Page == p);

    /// <summary>
    /// Whether the user can write the buffer now: below i_size and not itself in flight. A page under
    /// writeback can be written and redirtied (4.4 waits for writeback in write_begin only for
    /// stable-page devices); its buffers in flight are held back so the written version stays the
    /// one the bio carries.
    /// </summary>
    public bool CanWrite(int p, int i) => c.InsideFile(p, i) && !InFlight.Any(w => w.Page == p && w.Bh == i);

    public int Write(int p, int i)
    {
        version[p][i]++;
        dirty[p][i] = true;
        if (kind[p][i] == BufferKind.Hole) kind[p][i] = BufferKind.Delayed;
        PageDirty[p] = true;
        return version[p][i];
    }

    public void SetPressure(Pressure level) => Pressure = level;

    /// <summary>A pass; returns the pages whose in-flight I/O a WB_SYNC_ALL pass had to wait for.</summary>
    public IReadOnlyList<int> Pass(bool syncAll, bool allocate)
    {
        var waited = new List<int>();
        for (var p = 0; p < c.Pages; p++)
        {
            if (!PageDirty[p]) continue;
            if (Writeback(p))
            {
                if (!syncAll) continue;
                if (!Flips.HasFlag(ModelFlip.SyncPassDoesNotWait)) waited.Add(p);
            }
            PageDirty[p] = false;
            PageError[p] = false;
            var inside = Enumerable.Range(0, c.BuffersPerPage).Where(i => c.InsideFile(p, i)).ToArray();
            if (allocate)
            {
                foreach (var i in inside.Where(i => kind[p][i] == BufferKind.Delayed))
                {
                    kind[p][i] = BufferKind.Mapped;
                    block[p][i] = nextNewBlock++;
                }
            }
            var written = inside.Where(i => dirty[p][i] && (kind[p][i] == BufferKind.Mapped || Flips.HasFlag(ModelFlip.DelayedBuffersWritten))).ToArray();
            var encryptionFails = c.Encryption == EncryptionMode.Software && written.Length > 0 && Pressure == Pressure.Full &&
                                  !(syncAll && SyncRetriesEncryption);
            if (encryptionFails)
            {
                PageDirty[p] = true;
                if (syncAll) SyncEncryptionFailures.Add(p);
                break;
            }
            foreach (var i in written)
            {
                dirty[p][i] = false;
                InFlight.Add(new WriteRecord(p, i, block[p][i], version[p][i]));
            }
        }
        return waited;
    }

    /// <summary>The device finished a write: on success its version is on disk; on failure the page and mapping carry the error.</summary>
    public bool Accept(CompletedWrite done)
    {
        var index = InFlight.IndexOf(done.Write);
        if (index < 0) return false;
        InFlight.RemoveAt(index);
        if (done.Error)
        {
            PageError[done.Write.Page] = true;
            MappingError = true;
        }
        else
        {
            OnDisk[done.Write.Block] = (done.Write.Version, c.Encryption == EncryptionMode.Software);
        }
        return true;
    }

    /// <summary>The model's own invariant (NoDirtyDataLost): each written buffer's latest version is dirty, in flight, on disk, or its page carries an I/O error.</summary>
    public IEnumerable<string> LostData() =>
        Buffers().Where(t => kind[t.p][t.i] != BufferKind.Hole && version[t.p][t.i] > 0)
            .Where(t => !dirty[t.p][t.i] && !PageError[t.p] && !MappingError &&
                        !InFlight.Any(w => w.Page == t.p && w.Bh == t.i && w.Version == version[t.p][t.i]) &&
                        !(OnDisk.TryGetValue(block[t.p][t.i], out var d) && d.Version == version[t.p][t.i]))
            .Select(t => $"page {t.p} buffer {t.i} version {version[t.p][t.i]} is neither dirty, in flight, on disk nor reported as an I/O error");
}
