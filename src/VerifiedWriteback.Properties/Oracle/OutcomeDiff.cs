namespace VerifiedWriteback.Properties.Oracle;

/// <summary>Where an observed run departs from the oracle, one readable line per difference.</summary>
public static class OutcomeDiff
{
    public static IReadOnlyList<string> Compare(WritePageOutcome expected, WritePageOutcome observed, Aspect aspect)
    {
        var d = new List<string>();
        switch (aspect)
        {
            case Aspect.Buffers:
                for (var i = 0; i < Math.Max(expected.Buffers.Count, observed.Buffers.Count); i++)
                {
                    Check(d, $"buffer {i}", expected.Buffers.ElementAtOrDefault(i), observed.Buffers.ElementAtOrDefault(i));
                }
                Check(d, "clear_buffer_new on buffers", List(expected.NewCleared), List(observed.NewCleared));
                Check(d, "unmap_underlying_metadata on buffers", List(expected.MetadataUnmapped), List(observed.MetadataUnmapped));
                break;
            case Aspect.Page:
                var e = expected.Page;
                var o = observed.Page;
                Check(d, "return", e.Return, o.Return);
                Check(d, "kernel BUG", e.Bug, o.Bug);
                Check(d, "page writeback", e.Writeback, o.Writeback);
                Check(d, "page dirty", e.Dirty, o.Dirty);
                Check(d, "page locked", e.Locked, o.Locked);
                Check(d, "page towrite tag", e.Towrite, o.Towrite);
                Check(d, "PageError", e.Error, o.Error);
                Check(d, "mapping error (AS_EIO)", e.MappingError, o.MappingError);
                Check(d, "pages_skipped", e.PagesSkipped, o.PagesSkipped);
                Check(d, "tail zeroed from", e.ZeroedFrom, o.ZeroedFrom);
                Check(d, "writer's own end_page_writeback", e.WriterEndedWriteback, o.WriterEndedWriteback);
                Check(d, "end_page_writeback count", e.EndWritebackCount, o.EndWritebackCount);
                break;
            case Aspect.Bios:
                Check(d, "bio count", expected.Bios.Count, observed.Bios.Count);
                for (var i = 0; i < Math.Min(expected.Bios.Count, observed.Bios.Count); i++)
                {
                    Check(d, $"bio {i}", expected.Bios[i].ToString(), observed.Bios[i].ToString());
                }
                d.AddRange(Contiguity(observed));
                Check(d, "disk writes of this page", List(expected.Disk.Select(w => $"{w.Block}:v{w.Version}{(w.Ciphertext ? "c" : "")}")), List(observed.Disk.Select(w => $"{w.Block}:v{w.Version}{(w.Ciphertext ? "c" : "")}")));
                Check(d, "ext4_encrypt calls (gfp)", List(expected.EncryptGfps), List(observed.EncryptGfps));
                Check(d, "bounce pages", expected.Bounce, observed.Bounce);
                break;
        }
        return d;
    }

    public static IReadOnlyList<string> CompareAll(WritePageOutcome expected, WritePageOutcome observed) =>
        Enum.GetValues<Aspect>().SelectMany(a => Compare(expected, observed, a)).ToArray();

    /// <summary>
    /// BioContiguity, stated without the oracle: within each bio the earlier page's blocks, then
    /// each added buffer's b_blocknr, run upward by one from the bio's first block.
    /// </summary>
    public static IEnumerable<string> Contiguity(WritePageOutcome observed)
    {
        foreach (var (bio, i) in observed.Bios.Select((b, i) => (b, i)))
        {
            var block = bio.FirstBlock + bio.Segments.Where(s => s.Page == 0).Sum(s => s.Length) / Math.Max(1, BlockSize(bio));
            foreach (var m in bio.Members)
            {
                if (m.Block != block)
                {
                    yield return $"bio {i}: buffer {m.Bh} has block {m.Block} where the bio needs {block}";
                }
                block++;
            }
        }
    }

    private static int BlockSize(BioOutcome bio) => bio.BlockCount == 0 ? 1 : bio.Segments.Sum(s => s.Length) / bio.BlockCount;

    private static string List<T>(IEnumerable<T> xs) => "[" + string.Join(", ", xs) + "]";

    private static void Check<T>(List<string> d, string what, T expected, T observed)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, observed))
        {
            d.Add($"{what}: oracle {Show(expected)}, model {Show(observed)}");
        }
    }

    private static string Show<T>(T x) => x is null ? "null" : x.ToString() ?? "null";
}
