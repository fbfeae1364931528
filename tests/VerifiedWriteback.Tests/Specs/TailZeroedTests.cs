namespace VerifiedWriteback.Tests.Specs;

/// <summary>TailZeroed: with len &lt; PAGE_SIZE the bytes [len, PAGE_SIZE) are zero in whatever is submitted.</summary>
public sealed class TailZeroedTests
{
    private const string Spec = "TailZeroed";

    /// <summary>
    /// Page 1 of 4 x 1K buffers with i_size ending 2000 bytes in (len 2000): bh0 and bh1 hold data,
    /// bh2 and bh3 lie past EOF and are cleaned (seed L47-50). <paramref name="zeroFrom"/> is where
    /// zero_user_segment starts, or null when the call does not zero at all.
    /// </summary>
    private static EventScript StraddlingPage(int? zeroFrom) => new EventScript()
        .ext4_bio_write_page(1, len: 2000).set_page_writeback(1).ClearPageError(1)
        .If(zeroFrom is not null, s => s.zero_user_segment(1, zeroFrom!.Value))
        .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 101)
        .clear_buffer_dirty(1, 2, 102, "dirty,mapped", blockSize: 1024)
        .clear_buffer_dirty(1, 3, 103, "dirty,mapped", blockSize: 1024)
        .io_submit_add_bh(1, 0, 100, bio: 1).Bug()
        .clear_buffer_dirty(1, 0, 100, blockSize: 1024)
        .io_submit_add_bh(1, 1, 101, bio: 1).clear_buffer_dirty(1, 1, 101, blockSize: 1024)
        .Leave(1)
        .submit_bio(BioShape.Of(1, page: 1, block: 100, count: 2, blockSize: 1024))
        .Complete(BioShape.Of(1, page: 1, block: 100, count: 2, blockSize: 1024));

    [Fact]
    public void Fires_when_a_straddling_page_is_submitted_without_zeroing_its_tail() =>
        // zero_user_segment (seed L35-36) missing: stale bytes past EOF of an mmapped page go to disk.
        SpecRun.Fires(Spec, StraddlingPage(zeroFrom: null), "bh0 of page 1 submitted before bytes 2000..4096 past EOF were zeroed");

    [Fact]
    public void Fires_when_the_tail_is_zeroed_only_from_the_next_block_boundary() =>
        // len rounded up to the block size before zeroing: bytes 2000..2047 of bh1 keep stale data.
        SpecRun.Fires(Spec, StraddlingPage(zeroFrom: 2048), "bh0 of page 1 submitted before bytes 2000..4096 past EOF were zeroed");

    [Fact]
    public void Silent_when_the_tail_is_zeroed_from_len() =>
        SpecRun.Silent(Spec, StraddlingPage(zeroFrom: 2000));

    [Fact]
    public void Silent_on_a_full_page_that_needs_no_zeroing() =>
        SpecRun.Silent(Spec, new EventScript()
            .Enter(1)
            .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100)
            .Leave(1)
            .submit_bio(BioShape.Of(1, page: 1, block: 100))
            .Complete(BioShape.Of(1, page: 1, block: 100)));

    /// <summary>
    /// A software-encrypted page straddling EOF (len 3000, one 4K block) whose tail is zeroed only
    /// after ext4_encrypt made the ciphertext copy: the page-cache page is clean past EOF, but the
    /// bounce page that goes to disk was encrypted from the stale bytes.
    /// </summary>
    private static EventScript EncryptedStraddlingPage(bool zeroAfterEncrypt) => new EventScript()
        .ext4_bio_write_page(1, len: 3000, encryption: "software").set_page_writeback(1).ClearPageError(1)
        .If(!zeroAfterEncrypt, s => s.zero_user_segment(1, 3000))
        .set_buffer_async_write(1, 0, 100)
        .ext4_encrypt(1, bounce: 1001)
        .If(zeroAfterEncrypt, s => s.zero_user_segment(1, 3000))
        .io_submit_add_bh(1, 0, 100, bio: 1, bounce: 1001).Bug()
        .clear_buffer_dirty(1, 0, 100)
        .Leave(1)
        .submit_bio(BioShape.Of(1, page: 1, block: 100, bounce: true))
        .Complete(BioShape.Of(1, page: 1, block: 100, bounce: true), bounce: 1001);

    [Fact]
    public void Fires_when_the_bounce_page_was_encrypted_before_the_tail_was_zeroed() =>
        SpecRun.Fires(Spec, EncryptedStraddlingPage(zeroAfterEncrypt: true), "bounce page 1001 encrypted before bytes 3000..4096 past EOF were zeroed");

    [Fact]
    public void Silent_when_the_tail_is_zeroed_before_encryption() =>
        SpecRun.Silent(Spec, EncryptedStraddlingPage(zeroAfterEncrypt: false));

    /// <summary>
    /// Page 1 of 4 x 1K buffers with EOF at 2048: bh2 and bh3 lie past EOF and must end clean and
    /// uptodate (seed L48-49). A first loop that keeps bh3's dirty bit leaves it to be written by
    /// a later pass as if it were file data.
    /// </summary>
    private static EventScript BuffersPastEof(bool bh3Cleaned) => new EventScript()
        .Enter(1, len: 2048, blockSize: 1024).zero_user_segment(1, 2048)
        .set_buffer_async_write(1, 0, 100).set_buffer_async_write(1, 1, 101)
        .clear_buffer_dirty(1, 2, 102, "dirty,mapped,uptodate", blockSize: 1024).set_buffer_uptodate(1, 2, 102)
        .If(bh3Cleaned, s => s.clear_buffer_dirty(1, 3, 103, "dirty,mapped,uptodate", blockSize: 1024))
        .set_buffer_uptodate(1, 3, 103)
        .io_submit_add_bh(1, 0, 100, bio: 1).clear_buffer_dirty(1, 0, 100, blockSize: 1024)
        .io_submit_add_bh(1, 1, 101, bio: 1).clear_buffer_dirty(1, 1, 101, blockSize: 1024)
        .unlock_page(1).ext4_bio_write_page_return(1).If(!bh3Cleaned, s => s.Bug())
        .submit_bio(BioShape.Of(1, page: 1, block: 100, count: 2, blockSize: 1024));

    [Fact]
    public void Fires_when_a_buffer_past_EOF_is_left_dirty() =>
        SpecRun.Fires(Spec, BuffersPastEof(bh3Cleaned: false), "returned leaving buffer(s) past EOF bh3 dirty", kind: "eof-buffer-not-cleaned");

    [Fact]
    public void Silent_when_every_buffer_past_EOF_ends_clean_and_uptodate() =>
        SpecRun.Silent(Spec, BuffersPastEof(bh3Cleaned: true));
}
