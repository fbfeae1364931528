using VerifiedWriteback.Ext4.Setup;

namespace VerifiedWriteback.Properties.Oracle;

/// <summary>
/// What the first loop of ext4_bio_write_page does with a buffer (seed L46-66), decided by its
/// offset against len and its flags alone.
/// </summary>
public enum BufferClass
{
    /// <summary>Offset at or past len (seed L47): cleaned, made uptodate, never written.</summary>
    PastEof,
    /// <summary>Below len and not mapped (L52-56): a hole; its dirty bit may go, it is not written, an open bio is submitted.</summary>
    Hole,
    /// <summary>Below len, mapped, but clean, delayed or unwritten (L52-59): left exactly as it is, an open bio is submitted.</summary>
    Unprepared,
    /// <summary>Below len, dirty, mapped, neither delayed nor unwritten (L61-66): marked and written.</summary>
    ToSubmit,
}

public static class BufferClasses
{
    public static BufferClass Of(BufferState b, int offset, int len) =>
        offset >= len ? BufferClass.PastEof
        : !b.Mapped ? BufferClass.Hole
        : !b.Dirty || b.Delay || b.Unwritten ? BufferClass.Unprepared
        : BufferClass.ToSubmit;

    public static BufferClass[] Of(Reference.WritePageCase c) =>
        c.Buffers.Select((b, i) => Of(b, i * c.BlockSize, c.Len)).ToArray();
}
