namespace Hpc.Proxy.Mpich;

/// <summary>The sends waiting for one peer and the frames in flight to it (a window keeps large messages pipelined but bounded).</summary>
internal sealed class Outbox
{
    /// <summary>Messages not yet fully posted, in the order the callers sent them (which keeps each tag in order).</summary>
    public Queue<OutgoingMessage> Waiting { get; } = new();

    /// <summary>Frames posted and not yet completed.</summary>
    public int FramesInFlight { get; set; }

    /// <summary>Bytes posted and not yet completed.</summary>
    public long BytesInFlight { get; set; }

    /// <summary>True when a frame of <paramref name="bytes"/> fits the window (one frame always fits).</summary>
    public bool HasRoom(int bytes, long windowBytes, int windowFrames) =>
        FramesInFlight == 0 || (FramesInFlight < windowFrames && BytesInFlight + bytes <= windowBytes);
}
