using System.Buffers;
using Coordination.Serialization;

namespace Coordination.Runtime.Tests.Serialization;

public sealed class CodecTests
{
    private static byte[] Write(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new CodecWriter(buffer);
        write(ref writer);
        return buffer.WrittenSpan.ToArray();
    }

    private delegate void WriteAction(ref CodecWriter writer);

    [Fact]
    public void Primitive_values_round_trip()
    {
        var guid = Guid.NewGuid();
        var now = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.FromHours(2));
        var bytes = Write((ref CodecWriter w) =>
        {
            w.WriteBoolean(true);
            w.WriteInt64(long.MinValue);
            w.WriteUInt64(ulong.MaxValue);
            w.WriteInt32(-1);
            w.WriteSByte(sbyte.MinValue);
            w.WriteDouble(Math.PI);
            w.WriteDecimal(-12.345m);
            w.WriteString("héllo");
            w.WriteString(null);
            w.WriteString(string.Empty);
            w.WriteGuid(guid);
            w.WriteTimeSpan(TimeSpan.FromTicks(-5));
            w.WriteDateTimeOffset(now);
            w.WriteBytes([1, 2, 3]);
        });

        var r = new CodecReader(bytes);
        Assert.True(r.ReadBoolean());
        Assert.Equal(long.MinValue, r.ReadInt64());
        Assert.Equal(ulong.MaxValue, r.ReadUInt64());
        Assert.Equal(-1, r.ReadInt32());
        Assert.Equal(sbyte.MinValue, r.ReadSByte());
        Assert.Equal(Math.PI, r.ReadDouble());
        Assert.Equal(-12.345m, r.ReadDecimal());
        Assert.Equal("héllo", r.ReadString());
        Assert.Null(r.ReadString());
        Assert.Equal(string.Empty, r.ReadString());
        Assert.Equal(guid, r.ReadGuid());
        Assert.Equal(TimeSpan.FromTicks(-5), r.ReadTimeSpan());
        Assert.Equal(now, r.ReadDateTimeOffset());
        Assert.Equal([1, 2, 3], r.ReadBytes());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Truncated_input_is_a_codec_error_not_a_crash()
    {
        var bytes = Write((ref CodecWriter w) => w.WriteString("a longer string"));
        var error = Assert.Throws<GrainCodecException>(() =>
        {
            var r = new CodecReader(bytes.AsSpan(0, 5));
            r.ReadString();
        });
        Assert.Contains("ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_varint_is_rejected()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        Assert.Throws<GrainCodecException>(() =>
        {
            var r = new CodecReader(bytes);
            r.ReadVarUInt64();
        });
    }

    [Fact]
    public void A_collection_count_larger_than_the_remaining_bytes_is_rejected_before_allocating()
    {
        var bytes = Write((ref CodecWriter w) => w.WriteCount(1_000_000));
        var error = Assert.Throws<GrainCodecException>(() =>
        {
            var r = new CodecReader(bytes);
            r.ReadCount();
        });
        Assert.Contains("1000000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 0xFE })]
    public void A_boolean_must_be_zero_or_one(byte[] bytes)
    {
        Assert.Throws<GrainCodecException>(() =>
        {
            var r = new CodecReader(bytes);
            r.ReadBoolean();
        });
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_rejected()
    {
        byte[] bytes = [3, 0xC3, 0x28];
        Assert.Throws<GrainCodecException>(() =>
        {
            var r = new CodecReader(bytes);
            r.ReadString();
        });
    }

    [Fact]
    public void Out_of_range_small_integers_are_rejected()
    {
        var bytes = Write((ref CodecWriter w) => w.WriteInt64(70_000));
        Assert.Throws<GrainCodecException>(() =>
        {
            var r = new CodecReader(bytes);
            r.ReadInt16();
        });
    }

    [Fact]
    public void Exception_info_round_trips_with_properties_and_inner_exceptions()
    {
        var original = new InvalidOperationException("outer", new Coordination.Storage.InconsistentStateException("inner", "5", "4"));
        var info = ExceptionConverter.Capture(original);
        var bytes = Write((ref CodecWriter w) => info.Write(ref w));

        var r = new CodecReader(bytes);
        var rebuilt = ExceptionConverter.Rebuild(ExceptionInfo.Read(ref r));

        var outer = Assert.IsType<InvalidOperationException>(rebuilt);
        Assert.Equal("outer", outer.Message);
        Assert.Equal(typeof(Coordination.Storage.InconsistentStateException).FullName, info.Inner!.TypeName);
        Assert.Equal("5", info.Inner.GetProperty("StoredEtag"));
        Assert.Equal("4", info.Inner.GetProperty("CurrentEtag"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Silo_unavailable_keeps_whether_the_call_certainly_did_not_run(bool didNotRun)
    {
        var info = ExceptionConverter.Capture(new SiloUnavailableException("gone", didNotRun));
        var bytes = Write((ref CodecWriter w) => info.Write(ref w));

        var r = new CodecReader(bytes);
        var rebuilt = Assert.IsType<SiloUnavailableException>(ExceptionConverter.Rebuild(ExceptionInfo.Read(ref r)));

        Assert.Equal("gone", rebuilt.Message);
        Assert.Equal(didNotRun, rebuilt.CallDidNotRun);
    }
}
