using VerifiedWriteback.Reference;
using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Properties.Oracle;

/// <summary>
/// The independent oracle: what one `vwb run` of a case must produce, derived from the seed C
/// (seed lines "Lnn") and docs/KERNEL-MODEL.md, never from the C# model.
/// Stated per buffer class, then the encryption step, the submission loop, the error path, and
/// what the end of the pass and in-order completion do (CaseRunner's contract in docs/RUN-CONTRACT.md).
/// </summary>
public static class WritePageOracle
{
    public const int ENOMEM = -12;
    public const string BugBounceFreedInFlight = "bounce page freed while a bio held it (NULL page_private in ext4_finish_bio)";

    private sealed class Buf(Ext4.Setup.BufferState s)
    {
        public bool Dirty = s.Dirty, Mapped = s.Mapped, Uptodate = s.Uptodate, New = s.New, Delay = s.Delay, Unwritten = s.Unwritten, Async;
        public BufferOutcome ToOutcome() => new(Dirty, Mapped, Uptodate, New, Delay, Unwritten, Async);
    }

    public static WritePageOutcome Predict(WritePageCase c, OracleSemantics s)
    {
        var n = c.Buffers.Count;
        var classes = BufferClasses.Of(c);
        var bufs = c.Buffers.Select(b => new Buf(b)).ToArray();
        var bios = new ExpectedBios(c, s.BioAllocMayFail);
        var newCleared = new List<int>();

        // First loop, L45-67: each buffer by its class.
        for (var i = 0; i < n; i++)
        {
            var b = bufs[i];
            switch (classes[i])
            {
                case BufferClass.PastEof:
                    b.Dirty = false;
                    b.Uptodate |= !s.Has(OracleFlip.PastEofNotUptodate);
                    break;
                case BufferClass.Hole:
                    b.Dirty &= s.Has(OracleFlip.HoleKeepsDirty);
                    if (!s.Has(OracleFlip.OpenBioSurvivesUnprepared)) bios.SubmitOpen();
                    break;
                case BufferClass.Unprepared:
                    if (!s.Has(OracleFlip.OpenBioSurvivesUnprepared)) bios.SubmitOpen();
                    break;
                case BufferClass.ToSubmit:
                    if (b.New)
                    {
                        b.New = false;
                        newCleared.Add(i);
                    }
                    b.Async = true;
                    break;
            }
        }
        var toSubmit = Enumerable.Range(0, n).Where(i => classes[i] == BufferClass.ToSubmit).ToArray();

        // Encryption, L71-94: software encryption makes one bounce page for the whole page.
        var ret = 0;
        var gfps = new List<string>();
        var bounce = false;
        if (c.Encryption == EncryptionMode.Software && c.Regular && toSubmit.Length > 0)
        {
            bounce = Encrypt(c, s, bios, gfps);
            ret = bounce ? 0 : ENOMEM;
        }
        var bounceInBio = bounce && !s.Has(OracleFlip.PlaintextForSoftwareEncryption);

        // Second loop, L97-112: marked buffers in order, until a bio allocation fails.
        var submitted = 0;
        var errorFrom = 0;
        if (ret == 0)
        {
            foreach (var i in toSubmit)
            {
                if (!bios.Add(i, c.Buffers[i].Block, bounceInBio))
                {
                    ret = ENOMEM;
                    errorFrom = i;
                    break;
                }
                submitted++;
                bufs[i].Dirty = false;
            }
        }

        // Error path, L116-124, then L126-130.
        var restored = 0;
        var freedInFlight = false;
        if (ret != 0)
        {
            if (bounce && (submitted == 0 || s.ErrorPathFreesBounceInFlight))
            {
                restored++;
                freedInFlight = submitted > 0;
            }
            for (var i = errorFrom; i < n; i++) bufs[i].Async = false;
        }
        var writerEnds = submitted == 0 && !s.Has(OracleFlip.WriterNeverEndsWriteback);
        var page = new PageOutcome(
            Return: ret, Bug: null,
            Writeback: !writerEnds, Dirty: ret != 0, Locked: false,
            Towrite: c.KeepTowrite && c.SyncAll && !s.Has(OracleFlip.TowriteAlwaysCleared),
            Error: false, MappingError: false, PagesSkipped: ret != 0 ? 1 : 0,
            ZeroedFrom: c.Len < c.PageSize ? c.Len : null,
            WriterEndedWriteback: writerEnds, EndWritebackCount: writerEnds ? 1 : 0);

        // The end of the pass and the device: submit the open bio, complete every bio in order.
        var disk = new List<DiskWriteOutcome>();
        if (c.CompleteBios)
        {
            bios.SubmitOpen();
            page = Complete(c, bios, bufs, bounce, ref restored, freedInFlight || restored > 0, disk, page);
        }
        var live = (bounce ? 1 : 0) - restored;
        return new WritePageOutcome(page, bufs.Select(b => b.ToOutcome()).ToArray(), newCleared, newCleared.ToArray(),
            bios.Submitted.Select(b => b.ToOutcome()).ToArray(), disk, gfps,
            new BounceOutcome(bounce ? 1 : 0, restored, live, freedInFlight));
    }

    /// <summary>ext4_encrypt attempts per the retry rule; each failing-capable call takes the next planned outcome.</summary>
    private static bool Encrypt(WritePageCase c, OracleSemantics s, ExpectedBios bios, List<string> gfps)
    {
        const string NOFS = "GFP_NOFS", NOWAIT = "GFP_NOWAIT", NOFS_NOFAIL = "GFP_NOFS|__GFP_NOFAIL";
        var calls = 0;
        bool Succeeds(string gfp)
        {
            gfps.Add(gfp);
            if (gfp == NOFS_NOFAIL) return true; // __GFP_NOFAIL never fails, and takes no planned outcome
            var fails = calls < c.EncryptFaults.Count && c.EncryptFaults[calls];
            calls++;
            return !fails;
        }
        switch (s.EncryptRetry)
        {
            case EncryptRetry.Never:
                return Succeeds(NOFS);
            case EncryptRetry.SyncAllWithNofail:
                if (Succeeds(NOFS)) return true;
                if (!c.SyncAll) return false;
                bios.SubmitOpen();
                return Succeeds(NOFS_NOFAIL);
            default:
                var gfp = bios.Open is not null ? NOWAIT : NOFS;
                while (!Succeeds(gfp))
                {
                    if (bios.Open is null && !c.SyncAll) return false;
                    gfp = bios.Open is not null ? NOFS : NOFS_NOFAIL;
                    bios.SubmitOpen();
                }
                return true;
        }
    }

    /// <summary>
    /// Completion in submission order (ext4_end_bio, ext4_finish_bio): the data reaches the disk, an
    /// error marks page and mapping, each segment's buffers leave async_write, and the page's last
    /// one ends writeback and frees the bounce page. A bounce page already freed is garbage (-1) to
    /// the device and a NULL page_private to ext4_finish_bio.
    /// </summary>
    private static PageOutcome Complete(WritePageCase c, ExpectedBios bios, Buf[] bufs, bool bounce, ref int restored, bool bounceFreed, List<DiskWriteOutcome> disk, PageOutcome page)
    {
        for (var k = 0; k < bios.Submitted.Count; k++)
        {
            var bio = bios.Submitted[k];
            bio.Completed = true;
            bio.Error = k < c.IoFaults.Count && c.IoFaults[k];
            if (!bio.Error)
            {
                var block = bio.FirstBlock;
                foreach (var seg in bio.Segments)
                {
                    for (var off = 0; off < seg.Length; off += c.BlockSize, block++)
                    {
                        if (seg.Page == ExpectedBios.ThisPage)
                            disk.Add(new DiskWriteOutcome(block, seg.Bounce && bounceFreed ? -1 : 1, seg.Bounce));
                    }
                }
            }
            page = page with { MappingError = page.MappingError || bio.Error };
            foreach (var seg in bio.Segments.Where(g => g.Page == ExpectedBios.ThisPage))
            {
                if (seg.Bounce && bounceFreed)
                {
                    return page with { Bug = BugBounceFreedInFlight };
                }
                page = page with { Error = page.Error || bio.Error };
                for (var i = seg.Offset / c.BlockSize; i < (seg.Offset + seg.Length) / c.BlockSize; i++) bufs[i].Async = false;
                if (!bufs.Any(b => b.Async))
                {
                    if (bounce && restored == 0) restored++;
                    page = page with { Writeback = false, EndWritebackCount = page.EndWritebackCount + 1 };
                }
            }
        }
        return page;
    }
}
