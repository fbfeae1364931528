using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Specs;

/// <summary>
/// IoEndLifetime: an io_end is released, queued for conversion, or has its unwritten extents
/// converted only after its LAST reference is gone: the writeback pass dropped its own reference
/// and every bio that carries the io_end reached its end_io; no bio is submitted with an io_end
/// that was already released.
/// Kernel rule (page-io.c of 9772b64e): ext4_init_io_end gives the pass one reference (:267-277);
/// io_submit_init_bio takes one per bio (ext4_get_io_end, :388, :307-311); ext4_end_bio drops the
/// bio's (:342, :348); only the last ext4_put_io_end_defer (:279-288) releases the io_end
/// (ext4_release_io_end, :126-143) or queues its conversion (ext4_add_complete_io, :286), and
/// ext4_end_io converts (:176) only what was queued so. Converting an extent before its last bio
/// wrote the data exposes stale blocks; releasing early frees what a bio still points to.
/// </summary>
public sealed class IoEndLifetime : Spec
{
    /// <summary>io_end -> the CPU whose pass holds its first reference (until that pass drops it).</summary>
    private readonly SortedDictionary<int, string> passHolds = [];
    /// <summary>io_end -> submitted bios whose end_io has not run.</summary>
    private readonly SortedDictionary<int, SortedSet<int>> inFlight = [];
    private readonly SortedSet<int> released = [];

    public override string Checks => "an io_end is released, queued for conversion or converted only after the pass and every bio that carries it dropped their reference";
    public override string KernelRule => "page-io.c:267-288 (init, put_io_end_defer), :307-311 and :388 (a reference per bio), :342/:348 (end_io drops it), :126-143 (release)";

    public override string? Observe(KernelEvent e, WritebackTracker t)
    {
        switch (e)
        {
            case Call.WritePassBegin w:
                passHolds[w.IoEnd] = e.Cpu;
                break;
            case Call.ext4_put_io_end_defer p when passHolds.TryGetValue(p.IoEnd, out var cpu) && cpu == e.Cpu:
                passHolds.Remove(p.IoEnd);
                break;
            case Call.submit_bio { IoEnd: { } ioEnd } s:
                if (released.Contains(ioEnd))
                {
                    return Fail("bio-after-release", $"bio#{s.Bio} submitted with io_end#{ioEnd}, which was already released");
                }
                if (!inFlight.TryGetValue(ioEnd, out var set))
                {
                    inFlight[ioEnd] = set = [];
                }
                set.Add(s.Bio);
                break;
            case Call.ext4_end_bio end:
                if (inFlight.TryGetValue(end.IoEnd, out var bios))
                {
                    bios.Remove(end.Bio);
                }
                break;
            case Call.ext4_release_io_end r:
                released.Add(r.IoEnd);
                return Early(r.IoEnd, "released-early", "released");
            case Call.ext4_add_complete_io q:
                return Early(q.IoEnd, "queued-early", "queued for conversion");
            case Call.ext4_convert_unwritten_extents c:
                return Early(c.IoEnd, "converted-early", "had its unwritten extents converted");
        }
        return null;
    }

    private string? Early(int ioEnd, string kind, string what)
    {
        if (inFlight.TryGetValue(ioEnd, out var bios) && bios.Count > 0)
        {
            return Fail(kind, $"io_end#{ioEnd} {what} while bio#{string.Join(",bio#", bios)} carrying it had not completed: not its last reference");
        }
        if (passHolds.TryGetValue(ioEnd, out var cpu))
        {
            return Fail(kind, $"io_end#{ioEnd} {what} while the writeback pass on {cpu} still held its reference");
        }
        return null;
    }
}
