using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Coordination.Serialization;

/// <summary>
/// Writes values in the grain wire format: unsigned varints, zigzag varints for signed integers,
/// little-endian floats, and length-prefixed UTF-8 strings where length 0 means null.
/// </summary>
public ref struct CodecWriter
{
    private readonly IBufferWriter<byte> _output;

    public CodecWriter(IBufferWriter<byte> output)
    {
        _output = output;
    }

    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteVarUInt64(ulong value)
    {
        var span = _output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _output.Advance(i);
    }

    public void WriteVarUInt32(uint value) => WriteVarUInt64(value);

    public void WriteVarInt64(long value) => WriteVarUInt64((ulong)((value << 1) ^ (value >> 63)));

    public void WriteVarInt32(int value) => WriteVarInt64(value);

    public void WriteSByte(sbyte value) => WriteVarInt64(value);

    public void WriteInt16(short value) => WriteVarInt64(value);

    public void WriteUInt16(ushort value) => WriteVarUInt64(value);

    public void WriteInt32(int value) => WriteVarInt64(value);

    public void WriteUInt32(uint value) => WriteVarUInt64(value);

    public void WriteInt64(long value) => WriteVarInt64(value);

    public void WriteUInt64(ulong value) => WriteVarUInt64(value);

    public void WriteSingle(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), part);
            _output.Advance(4);
        }
    }

    public void WriteChar(char value) => WriteVarUInt32(value);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteVarUInt32(0);
            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt32((uint)byteCount + 1);
        var written = Encoding.UTF8.GetBytes(value, _output.GetSpan(byteCount));
        _output.Advance(written);
    }

    public void WriteBytes(byte[]? value)
    {
        if (value is null)
        {
            WriteVarUInt32(0);
            return;
        }

        WriteVarUInt32((uint)value.Length + 1);
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }

    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(_output.GetSpan(16));
        _output.Advance(16);
    }

    public void WriteTimeSpan(TimeSpan value) => WriteVarInt64(value.Ticks);

    public void WriteDateTime(DateTime value)
    {
        WriteVarInt64(value.Ticks);
        WriteByte((byte)value.Kind);
    }

    public void WriteDateTimeOffset(DateTimeOffset value)
    {
        WriteVarInt64(value.Ticks);
        WriteVarInt32((int)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
    }

    /// <summary>Writes a collection length (or -1 for null).</summary>
    public void WriteCount(int count) => WriteVarInt32(count);

    /// <summary>Writes a grain reference as its id, so the receiver binds it to its own runtime.</summary>
    public void WriteGrainReference(IGrain? reference)
    {
        if (reference is null)
        {
            WriteBoolean(false);
            return;
        }

        if (reference is not Invocation.GrainReference grainReference)
        {
            throw new GrainCodecException(
                $"Only grain references created by an IGrainFactory can be passed in grain calls; got an instance of {reference.GetType().FullName}.");
        }

        WriteBoolean(true);
        WriteString(grainReference.GrainId.Type);
        WriteString(grainReference.GrainId.Key);
    }
}
