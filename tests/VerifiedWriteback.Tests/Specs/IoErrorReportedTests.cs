using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Tests.Specs;

/// <summary>IoErrorReported: a write error reaches PG_error and the mapping before writeback ends; no stale PG_error survives a good write.</summary>
public sealed class IoErrorReportedTests
{
    private const string Spec = "IoErrorReported";

    private static readonly BioShape Bio1 = BioShape.Of(1, page: 1, block: 100);
    private static readonly BioShape Bio2 = BioShape.Of(2, page: 1, block: 100);

    private static EventScript Write(EventScript s, BioShape bio, bool clearsPageError = true) =>
        (clearsPageError ? s.Enter(1) : s.ext4_bio_write_page(1).set_page_writeback(1))
        .set_buffer_async_write(1, 0, 100).io_submit_add_bh(1, 0, 100, bio: bio.Id).clear_buffer_dirty(1, 0, 100).Leave(1).submit_bio(bio);

    /// <summary>A failed completion with only the channels asked for, then the end of writeback.</summary>
    private static EventScript FailedCompletion(bool pageError, bool mappingError)
    {
        var s = Write(new EventScript(), Bio1).On("completion0").bio_endio(Bio1, -Errno.EIO).ext4_end_bio(Bio1, -Errno.EIO)
            .If(mappingError, x => x.mapping_set_error(1)).ext4_finish_bio(Bio1, -Errno.EIO)
            .If(pageError, x => x.SetPageError(1)).clear_buffer_async_write(1, 0, 100).end_page_writeback(1);
        return pageError && mappingError ? s : s.Bug();
    }

    [Fact]
    public void Fires_when_a_failed_write_ends_writeback_without_SetPageError() =>
        SpecRun.Fires(Spec, FailedCompletion(pageError: false, mappingError: true), "writeback of page 1 ended after its bio failed without SetPageError", kind: "page-error-missing");

    [Fact]
    public void Fires_when_a_failed_write_ends_writeback_without_mapping_set_error() =>
        SpecRun.Fires(Spec, FailedCompletion(pageError: true, mappingError: false), "writeback of page 1 ended after bio#1 failed without mapping_set_error", kind: "mapping-error-missing");

    [Fact]
    public void Silent_when_a_failed_write_is_reported_through_both_channels() =>
        SpecRun.Silent(Spec, FailedCompletion(pageError: true, mappingError: true));

    /// <summary>A failed write, then a rewrite of the page that succeeds: ClearPageError (seed L24) must have cleared the old error.</summary>
    private static EventScript Rewrite(bool clearsPageError)
    {
        var s = Write(FailedCompletion(pageError: true, mappingError: true).On(EventScript.Writer), Bio2, clearsPageError).Complete(Bio2);
        return clearsPageError ? s : s.Bug();
    }

    [Fact]
    public void Fires_when_a_successful_rewrite_leaves_the_earlier_page_error() =>
        SpecRun.Fires(Spec, Rewrite(clearsPageError: false), "writeback of page 1 succeeded but the page still carries PG_error", kind: "stale-page-error");

    [Fact]
    public void Silent_when_the_rewrite_clears_the_page_error() =>
        SpecRun.Silent(Spec, Rewrite(clearsPageError: true));
}
