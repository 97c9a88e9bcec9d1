using Coordination.Invocation;
using Coordination.Serialization;

namespace Coordination.Runtime.Messaging;

/// <summary>
/// The layout of Request, Response and Cancel frames. A request carries its header (correlation id, target,
/// method, time left, forward count, whether it can be cancelled) and then the arguments in the generated
/// codec's format; the deadline travels as time left, so clocks need not agree.
/// </summary>
public static class RequestFrames
{
    private const byte Cancellable = 1;
    private const byte ResultStatus = 0;
    private const byte ExceptionStatus = 1;

    public static PooledFrameBuffer WriteRequest(GrainRequest request, long correlationId, TimeSpan timeLeft)
    {
        var frame = new PooledFrameBuffer(FrameKind.Request);
        var writer = new CodecWriter(frame);
        writer.WriteVarInt64(correlationId);
        writer.WriteString(request.Target.Type);
        writer.WriteString(request.Target.Key);
        writer.WriteVarUInt32(request.MethodId);
        writer.WriteVarInt64((long)Math.Max(0, timeLeft.TotalMilliseconds));
        writer.WriteVarInt32(request.ForwardCount);
        writer.WriteByte(request.CallCancellationToken.CanBeCanceled ? Cancellable : (byte)0);
        request.WriteArguments(ref writer);
        return frame;
    }

    /// <summary>Reads a request; the grain factory binds grain references among the arguments.</summary>
    /// <exception cref="GrainCodecException">Malformed, or for a grain type or method this process does not know.</exception>
    public static IncomingRequest ReadRequest(ReadOnlySpan<byte> payload, IGrainFactory grainFactory)
    {
        var reader = new CodecReader(payload, grainFactory);
        var correlationId = reader.ReadVarInt64();
        var type = reader.ReadStringBytes(out var typeMissing);
        if (typeMissing)
        {
            throw new GrainCodecException("A request lacks its grain type.");
        }

        var key = reader.ReadString() ?? throw new GrainCodecException("A request lacks its grain key.");
        var methodId = reader.ReadVarUInt32();
        var timeLeft = TimeSpan.FromMilliseconds(reader.ReadVarInt64());
        var forwardCount = reader.ReadVarInt32();
        var cancellable = reader.ReadByte() == Cancellable;

        if (!GrainInterfaceRegistry.TryGet(type, out var descriptor) || !descriptor.RequestReaders.TryGetValue(methodId, out var read))
        {
            throw new GrainCodecException($"A request for grain type '{System.Text.Encoding.UTF8.GetString(type)}' method 0x{methodId:x8} is unknown to this process.");
        }

        GrainId target;
        try
        {
            target = GrainId.Create(descriptor.GrainType, key);
        }
        catch (ArgumentException invalid)
        {
            throw new GrainCodecException($"A request names an invalid grain: {invalid.Message}");
        }

        var request = read(ref reader);
        if (reader.Remaining != 0)
        {
            throw new GrainCodecException($"A request for {descriptor.GrainType} has {reader.Remaining} bytes after its arguments.");
        }

        request.Target = target;
        request.ForwardCount = forwardCount;
        request.InboundCorrelationId = correlationId;
        return new IncomingRequest(request, timeLeft, cancellable);
    }

    public static PooledFrameBuffer WriteResult<TResult>(GrainRequest<TResult> request, TResult result)
    {
        var frame = new PooledFrameBuffer(FrameKind.Response);
        var writer = new CodecWriter(frame);
        writer.WriteVarInt64(request.InboundCorrelationId);
        writer.WriteByte(ResultStatus);
        request.WriteResultPayload(ref writer, result);
        return frame;
    }

    public static PooledFrameBuffer WriteException(long correlationId, ExceptionInfo exception)
    {
        var frame = new PooledFrameBuffer(FrameKind.Response);
        var writer = new CodecWriter(frame);
        writer.WriteVarInt64(correlationId);
        writer.WriteByte(ExceptionStatus);
        exception.Write(ref writer);
        return frame;
    }

    /// <summary>Completes the pending call a response answers; a response to a call no longer pending is dropped.</summary>
    public static void CompleteResponse(ReadOnlySpan<byte> payload, Invocation.PendingCallTable pendingCalls, IGrainFactory grainFactory)
    {
        var reader = new CodecReader(payload, grainFactory);
        var correlationId = reader.ReadVarInt64();
        var status = reader.ReadByte();
        if (pendingCalls.Find(correlationId) is not { } request)
        {
            return;
        }

        switch (status)
        {
            case ResultStatus:
                request.CompleteFromResult(ref reader);
                break;
            case ExceptionStatus:
                request.CompleteFromException(ExceptionInfo.Read(ref reader));
                break;
            default:
                throw new GrainCodecException($"A response has the unknown status {status}.");
        }
    }

    public static PooledFrameBuffer WriteCancel(long correlationId)
    {
        var frame = new PooledFrameBuffer(FrameKind.Cancel, 16);
        var writer = new CodecWriter(frame);
        writer.WriteVarInt64(correlationId);
        return frame;
    }

    public static long ReadCorrelationId(ReadOnlySpan<byte> payload)
    {
        var reader = new CodecReader(payload);
        return reader.ReadVarInt64();
    }
}

/// <summary>A request read off a connection, with what its header said.</summary>
public readonly record struct IncomingRequest(GrainRequest Request, TimeSpan TimeLeft, bool Cancellable);
