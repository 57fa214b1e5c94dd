using System.Runtime.InteropServices;
using Hpc.Hosted;
using Hpc.Protocol;
using Hpc.Rings;
using Hpc.Segment;

namespace Hpc.Isles;

/// <summary>
/// One producer's way to the proxy: its ring in the segment and, for a rank, its reply area. Posting never waits
/// for the proxy unless the ring is full (write-behind); <see cref="Call"/> waits for the reply.
/// </summary>
/// <remarks>
/// The ring is single-producer; a rank may still have several threads (console from a worker thread, a file read
/// in a task), so posting is serialised by a lock that is uncontended in the common case.
/// </remarks>
internal sealed unsafe class ProxyConnection
{
    /// <summary>Spins before sleeping on a futex: a reply from the proxy on the other core takes ≈ 1–2 µs.</summary>
    private const int SpinsBeforeSleep = 2000;

    /// <summary>The segment header (doorbell).</summary>
    private readonly SegmentHeader* _segment;
    /// <summary>The rank's doorbell (the proxy rings it after a reply or after making room), or null for an isle's connection.</summary>
    private readonly int* _doorbell;
    /// <summary>Reply area, or null for an isle's connection (it only posts).</summary>
    private readonly ReplyHeader* _reply;
    /// <summary>Bytes of reply data.</summary>
    private readonly int _replyCapacity;
    /// <summary>Serialises producers of this ring.</summary>
    private readonly Lock _lock = new();
    /// <summary>The producer end of the ring.</summary>
    private RingWriter _writer;
    /// <summary>Sequence of the last synchronous request.</summary>
    private int _sequence;

    /// <summary>Connects through the ring at <paramref name="ring"/> and the reply area at <paramref name="reply"/>.</summary>
    public ProxyConnection(SegmentView segment, byte* ring, byte* reply, int* doorbell)
    {
        _doorbell = doorbell;
        _segment = segment.Header;
        _writer = new RingWriter(ring, segment.Layout.RingCapacity);
        _reply = (ReplyHeader*)reply;
        _replyCapacity = segment.Layout.ReplyCapacity;
    }

    /// <summary>Largest payload (parameters plus data) of one record.</summary>
    public int MaxPayload => _writer.MaxPayloadLength;

    /// <summary>Largest reply data of one call.</summary>
    public int ReplyCapacity => _replyCapacity;

    /// <summary>Posts a record without waiting for the proxy: <paramref name="head"/> then <paramref name="body"/>.</summary>
    public void Post(ProxyOp op, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body)
    {
        lock (_lock)
        {
            Enqueue(op, RecordFlags.NoReply, 0, head, body);
        }
    }

    /// <summary>Posts UTF-16 text as UTF-8 without an intermediate buffer, split into records as needed.</summary>
    public void PostText(ProxyOp op, ReadOnlySpan<char> text)
    {
        lock (_lock)
        {
            // At most 3 UTF-8 bytes per UTF-16 unit, so a chunk of MaxPayload / 3 always fits its reservation.
            int chunk = _writer.MaxPayloadLength / 3;
            while (!text.IsEmpty)
            {
                int take = Math.Min(chunk, text.Length);
                if (take < text.Length && char.IsHighSurrogate(text[take - 1]))
                {
                    take--; // never split a surrogate pair across records
                }

                byte* payload = Reserve(take * 3);
                int written = System.Text.Encoding.UTF8.GetBytes(text[..take], new Span<byte>(payload, take * 3));
                _writer.Commit((ushort)op, RecordFlags.NoReply, 0, written);
                RingDoorbell();
                text = text[take..];
            }
        }
    }

    /// <summary>
    /// Sends a request and waits for its reply; copies the reply data into <paramref name="replyData"/> and returns
    /// the result (negative: a Linux errno).
    /// </summary>
    public long Call(ProxyOp op, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, Span<byte> replyData, out int replyLength, out int extra)
    {
        if (_reply == null)
        {
            throw new InvalidOperationException("this connection takes no replies");
        }

        lock (_lock)
        {
            int sequence = ++_sequence;
            Enqueue(op, 0, sequence, head, body);
            WaitForReply(sequence);
            replyLength = Math.Min(_reply->Length, Math.Min(replyData.Length, _replyCapacity));
            new ReadOnlySpan<byte>((byte*)_reply + sizeof(ReplyHeader), replyLength).CopyTo(replyData);
            extra = _reply->Extra;
            return _reply->Result;
        }
    }

    /// <summary>Posts a fixed-size parameter struct and a body.</summary>
    public void Post<T>(ProxyOp op, in T parameters, ReadOnlySpan<byte> body) where T : unmanaged =>
        Post(op, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in parameters)), body);

    /// <summary>Calls with a fixed-size parameter struct and a body.</summary>
    public long Call<T>(ProxyOp op, in T parameters, ReadOnlySpan<byte> body, Span<byte> replyData, out int replyLength, out int extra)
        where T : unmanaged =>
        Call(op, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in parameters)), body, replyData, out replyLength, out extra);

    /// <summary>Copies head and body into one record and publishes it. Caller holds the lock.</summary>
    private void Enqueue(ProxyOp op, ushort flags, int sequence, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body)
    {
        int length = head.Length + body.Length;
        if (length > _writer.MaxPayloadLength)
        {
            throw new ArgumentOutOfRangeException(nameof(body), $"a proxy record holds at most {_writer.MaxPayloadLength} bytes");
        }

        byte* payload = Reserve(length);
        head.CopyTo(new Span<byte>(payload, head.Length));
        body.CopyTo(new Span<byte>(payload + head.Length, body.Length));
        _writer.Commit((ushort)op, flags, sequence, length);
        RingDoorbell();
    }

    /// <summary>Reserves room, sleeping while the proxy has not yet made any.</summary>
    private byte* Reserve(int length)
    {
        int spins = 0;
        while (true)
        {
            byte* payload = _writer.TryReserve(length);
            if (payload != null)
            {
                return payload;
            }

            if (UnderScheduler)
            {
                // Let other ranks of the core run; the proxy rings the doorbell once it made room.
                int seen = Volatile.Read(ref *_doorbell);
                Interlocked.Exchange(ref *_writer.ProducerWaiting, 1);
                RingDoorbell();
                if ((payload = _writer.TryReserve(length)) != null)
                {
                    return payload;
                }

                RankWaiting.Wait(_doorbell, seen);
                continue;
            }

            if (++spins < SpinsBeforeSleep)
            {
                Thread.SpinWait(8);
                continue;
            }

            // Announce the wait, then look again before sleeping: the proxy checks the flag after moving the head.
            int observed = _writer.ReadSpaceWord();
            Interlocked.Exchange(ref *_writer.ProducerWaiting, 1);
            RingDoorbell();
            payload = _writer.TryReserve(length);
            if (payload != null)
            {
                return payload;
            }

            Futex.Wait(_writer.SpaceWord, observed, 100);
        }
    }

    /// <summary>Waits until the reply area carries <paramref name="sequence"/>.</summary>
    private void WaitForReply(int sequence)
    {
        int spins = 0;
        while (Volatile.Read(ref _reply->Sequence) != sequence)
        {
            if (UnderScheduler)
            {
                // The proxy rings the doorbell after every reply: the core serves other ranks meanwhile.
                int seen = Volatile.Read(ref *_doorbell);
                if (Volatile.Read(ref _reply->Sequence) != sequence)
                {
                    RankWaiting.Wait(_doorbell, seen);
                }

                continue;
            }

            if (++spins < SpinsBeforeSleep)
            {
                Thread.SpinWait(8);
                continue;
            }

            int observed = Volatile.Read(ref _reply->Sequence);
            Interlocked.Exchange(ref _reply->Waiting, 1);
            if (Volatile.Read(ref _reply->Sequence) != sequence)
            {
                Futex.Wait(&_reply->Sequence, observed, 100);
            }
        }

        Volatile.Write(ref _reply->Waiting, 0);
    }

    /// <summary>True on the rank's own thread under its isle's scheduler: waits then hand the core on.</summary>
    private bool UnderScheduler => _doorbell != null && Scheduling.IsleScheduler.Current?.Doorbell == _doorbell;

    /// <summary>Wakes the proxy if it sleeps (it sets the flag before its last look at the rings).</summary>
    private void RingDoorbell()
    {
        if (Volatile.Read(ref _segment->ProxySleeping) != 0)
        {
            Interlocked.Increment(ref _segment->ProxyDoorbell);
            Futex.Wake(&_segment->ProxyDoorbell);
        }
    }
}
