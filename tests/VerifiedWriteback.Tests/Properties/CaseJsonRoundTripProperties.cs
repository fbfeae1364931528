using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using VerifiedWriteback.Reference;
using VerifiedWriteback.Properties;
using VerifiedWriteback.Properties.Generation;

namespace VerifiedWriteback.Tests.Properties;

/// <summary>The serializer is the inverse of WritePageCase.Parse, so a printed counterexample reruns exactly.</summary>
public sealed class CaseJsonRoundTripProperties
{
    private static Arbitrary<PageCase> AnyCase { get; } = Arb.From(Gen.OneOf(
        CaseGen.Cases(CaseProfile.Everything("seed")),
        CaseGen.Cases(CaseProfile.FindingProne("4.4-fixed")),
        CaseGen.Cases(CaseProfile.Faithful("h3"))).Select(c => new PageCase(c)));

    [Property(MaxTest = 500)]
    public Property Parse_of_Serialize_gives_back_every_field() =>
        Prop.ForAll(AnyCase, pc =>
        {
            var c = pc.Case;
            var back = WritePageCase.Parse(CaseJson.Serialize(c));
            return (back.Variant == c.Variant && back.PageSize == c.PageSize && back.BlockSize == c.BlockSize && back.Len == c.Len &&
                    back.Encryption == c.Encryption && back.Regular == c.Regular && back.SyncAll == c.SyncAll &&
                    back.KeepTowrite == c.KeepTowrite && back.Buffers.SequenceEqual(c.Buffers) &&
                    back.OpenBioNextBlock == c.OpenBioNextBlock && back.EncryptFaults.SequenceEqual(c.EncryptFaults) &&
                    back.BioAllocFaults.SequenceEqual(c.BioAllocFaults) && back.IoFaults.SequenceEqual(c.IoFaults) &&
                    back.CompleteBios == c.CompleteBios)
                .Label($"round trip changed the case: {CaseJson.Serialize(c)} came back as {CaseJson.Serialize(back)}");
        });

    [Fact]
    public void The_example_case_round_trips_through_Parse_and_Serialize()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "four-contiguous.json"));
        var c = WritePageCase.Parse(text);
        var json = CaseJson.Serialize(c);
        Assert.Equal(json, CaseJson.Serialize(WritePageCase.Parse(json)));
        Assert.Equal(4, WritePageCase.Parse(json).Buffers.Count);
    }

    [Fact]
    public void Indented_output_parses_too()
    {
        var c = CaseGen.Cases(CaseProfile.Everything("seed")).Sample(1, new Rnd(7UL), 50)[0];
        Assert.Equal(CaseJson.Serialize(c), CaseJson.Serialize(WritePageCase.Parse(CaseJson.Serialize(c, indented: true))));
    }
}
