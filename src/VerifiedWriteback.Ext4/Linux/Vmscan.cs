using VerifiedWriteback.Kernel;

namespace VerifiedWriteback.Ext4;

/// <summary>
/// Memory reclaim writing one page: kswapd's shrink_page_list and pageout (mm/vmscan.c), as Linux
/// 4.4.178 has them (MichaelTong/linux-4.4.178 @ 443dfc7e93666adc78c5a9e9afcc242d83456e4c); the
/// markers <c>// Lnnnn</c> are lines of that file. Where 6.1.141 (markbirss/linux-6.1.141 @
/// 594c96ad0a7adaaecd4fb5111410e00014dea0cc) and 6.18.2 (gfunkmonk/linux-6.18.2 @
/// 062668f4d006cf5f04ae3039b73ef7ecb4b62f49) differ, a <see cref="Variants.Variant"/> member decides,
/// with their lines in its comment.
/// The reclaimer is kswapd with ZONE_DIRTY (6.1/6.18: PGDAT_DIRTY) set and ZONE_WRITEBACK
/// (PGDAT_WRITEBACK) clear, global reclaim (sane_reclaim), may_writepage, a GFP_KERNEL scan
/// (may_enter_fs), a page that is neither mapped nor recently referenced (PAGEREF_RECLAIM) and
/// whose only other reference is the page cache (is_page_cache_freeable). What reclaim does with a
/// page it could free (try_to_release_page, __remove_mapping, L1167-) is not modelled: the page is
/// unlocked and stays in the cache.
/// </summary>
public sealed partial class Linux
{
    /// <summary>trylock_page (include/linux/pagemap.h): take PG_locked if nobody holds it; never sleeps.</summary>
    public bool trylock_page(page page)
    {
        var acquired = !page.PG_locked;
        if (acquired)
            page.PG_locked = true;
        Trace(new Call.trylock_page(page.Id, acquired));
        return acquired;
    }

    public void SetPageReclaim(page page)
    {
        page.PG_reclaim = true;
        Trace(new Call.SetPageReclaim(page.Id));
    }

    public void ClearPageReclaim(page page)
    {
        page.PG_reclaim = false;
        Trace(new Call.ClearPageReclaim(page.Id));
    }

    /// <summary>
    /// shrink_page_list (L891-) for one page of kswapd's isolated list, scan number <paramref name="scan"/>.
    /// Returns the label it leaves by: keep (not locked by reclaim), keep_locked (unlocked here),
    /// activate_locked (SetPageActive, not modelled, then unlocked), or release when the page is
    /// clean and reclaim would try to free it.
    /// </summary>
    public async ValueTask<string> shrink_page_list(page page, int scan)
    {
        await Cpu.InterleaveAsync("cond_resched");                               // L921
        Trace(new Call.shrink_page_list(page.Id, scan));
        if (!trylock_page(page))                                                 // L926
            return Leave(page, "keep");                                          // L927
        if (page.PG_writeback)                                                   // L1005
        {
            // Case 1 (L1007-1011) needs ZONE_WRITEBACK, clear here; case 2, global reclaim (L1014-1029):
            SetPageReclaim(page);                                                // L1027
            return await Unlock(page, Variant.ReclaimWritesOnlyPagesSeenBefore ? "activate_locked" : "keep_locked"); // L1029; 6.1.141 L1781-1783, 6.18.2 L1258-1260
        }
        // L1041-1052: page_check_references gives PAGEREF_RECLAIM; L1058-1085: not anonymous, not mapped.
        if (page.PG_dirty)                                                       // L1087
        {
            // L1093-1095: a file page is written only by kswapd with ZONE_DIRTY set (both hold here);
            // 6.1.141 L1920-1923 and 6.18.2 L1423-1426 also need PG_reclaim from an earlier meeting.
            if (Variant.ReclaimWritesOnlyPagesSeenBefore && !page.PG_reclaim)
            {
                SetPageReclaim(page);                                            // 6.1.141 L1932, 6.18.2 L1435
                return await Unlock(page, "activate_locked");                    // 6.1.141 L1934, 6.18.2 L1437
            }
            // L1108-1113: PAGEREF_RECLAIM, may_enter_fs (GFP_KERNEL) and may_writepage hold.
            switch (await pageout(page))                                         // L1121
            {
                case pageout_t.PAGE_KEEP:
                    return await Unlock(page, "keep_locked");                    // L1122-1123
                case pageout_t.PAGE_ACTIVATE:
                    return await Unlock(page, "activate_locked");                // L1124-1125
                case pageout_t.PAGE_SUCCESS:
                    if (page.PG_writeback)                                       // L1127
                        return Leave(page, "keep");                              // L1128
                    if (page.PG_dirty)                                           // L1129
                        return Leave(page, "keep");                              // L1130
                    if (!trylock_page(page))                                     // L1136
                        return Leave(page, "keep");                              // L1137
                    if (page.PG_dirty || page.PG_writeback)                      // L1138
                        return await Unlock(page, "keep_locked");                // L1139
                    break;                                                       // L1140-1141: on to the free path
                case pageout_t.PAGE_CLEAN:
                    break;                                                       // L1141-1142
            }
        }
        return await Unlock(page, "release");                                    // L1167-: freeing the page is not modelled
    }

    /// <summary>keep_locked (L1223-1224; activate_locked, L1216-1222, falls through to it): unlock the page.</summary>
    private async ValueTask<string> Unlock(page page, string label)
    {
        await unlock_page(page);
        return Leave(page, label);
    }

    private string Leave(page page, string label)
    {
        Trace(new Call.shrink_page_list_return(page.Id, label));
        return label;
    }

    /// <summary>
    /// pageout (L545-614) of a locked dirty page: is_page_cache_freeable (L564) and the mapping
    /// (L566) hold; ext4 has a -&gt;writepage (L580) and kswapd has PF_SWAPWRITE (may_write_to_inode,
    /// L582, L499). If the page is still dirty (L585): a WB_SYNC_NONE, for_reclaim wbc (L587-593),
    /// PG_reclaim (L595), -&gt;writepage (L596), an error recorded on the mapping (L597-598), PG_reclaim
    /// cleared if writeback is already over (L604-607): PAGE_SUCCESS (L610). 6.1.141 L1237-1305 is the
    /// same; 6.18.2 returns PAGE_ACTIVATE for an ext4 page before touching its dirty bit (L717-718).
    /// </summary>
    public async ValueTask<pageout_t> pageout(page page)
    {
        var mapping = page.mapping ?? throw new InvalidOperationException($"{page} has no mapping");
        if (!Variant.HasExt4Writepage)                                           // 6.18.2 L717: neither shmem nor anonymous
            return Pageout(page, pageout_t.PAGE_ACTIVATE);                       // 6.18.2 L718
        if (clear_page_dirty_for_io(page))                                       // L585
        {
            var wbc = new writeback_control { sync_mode = writeback_sync_modes.WB_SYNC_NONE, for_reclaim = true }; // L587-593
            SetPageReclaim(page);                                                // L595
            var res = await ext4_writepage(mapping.host, page, wbc);             // L596
            if (res < 0)                                                         // L597
                await handle_write_error(mapping, page, res);                    // L598
            // L599-602: ext4_writepage never returns AOP_WRITEPAGE_ACTIVATE.
            if (!page.PG_writeback)                                              // L604
                ClearPageReclaim(page);                                          // L606
            return Pageout(page, pageout_t.PAGE_SUCCESS);                        // L610
        }
        return Pageout(page, pageout_t.PAGE_CLEAN);                              // L613
    }

    private pageout_t Pageout(page page, pageout_t ret)
    {
        Trace(new Call.pageout(page.Id, ret));
        return ret;
    }

    /// <summary>
    /// handle_write_error (L520-527): lock the page (may sleep), and if it still belongs to the
    /// mapping record the error there (mapping_set_error: AS_EIO for anything but -ENOSPC), unlock.
    /// 6.1.141 L1084-1091 is the same (its mapping_set_error also records the error in errseq).
    /// </summary>
    public async ValueTask handle_write_error(address_space mapping, page page, int error)
    {
        await lock_page(page);                                                   // L523
        if (page.mapping == mapping)                                             // L524
            mapping_set_error(mapping, error, page.Id);                          // L525
        await unlock_page(page);                                                 // L526
    }
}
