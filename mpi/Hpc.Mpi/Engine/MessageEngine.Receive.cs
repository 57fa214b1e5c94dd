using Hpc.Channels;
using Hpc.Rings;

namespace Hpc.Mpi.Engine;

/// <summary>The receiving half of the engine: draining channels, matching, delivering.</summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>Takes every record waiting on the channel from <paramref name="source"/>.</summary>
    private bool Drain(int source)
    {
        ref RingReader channel = ref _incoming[source];
        bool any = false;
        while (true)
        {
            RingReadStatus status = channel.TryPeek(out RingRecord record, out byte* payload);
            if (status == RingReadStatus.Empty)
            {
                break;
            }

            if (status == RingReadStatus.Corrupt)
            {
                throw new InvalidOperationException($"the channel from rank {source} to rank {_rank} is corrupt");
            }

            Handle(source, record, payload);
            channel.Consume(record);
            any = true;
        }

        if (any && channel.Publish() != null)
        {
            Ring(source); // it waits for room on this channel
        }

        return any;
    }

    /// <summary>Handles one record from <paramref name="source"/>.</summary>
    private void Handle(int source, in RingRecord record, byte* payload)
    {
        var kind = (MessageKind)record.Op;
        if (kind == MessageKind.Next)
        {
            Stream(source, payload, record.Length);
            return;
        }

        MessageHeader header = *(MessageHeader*)payload;
        if (kind == MessageKind.Ack)
        {
            Acknowledge(header.Cookie);
            return;
        }

        byte* data = payload + sizeof(MessageHeader);
        int bytes = record.Length - sizeof(MessageHeader);
        ReceiveOperation? receive = MatchPosted(header.Context, source, header.Tag);
        switch (kind)
        {
            case MessageKind.Eager when receive is not null:
                Deliver(receive, source, header.Tag, header.Length, data);
                AcknowledgeIfSynchronous(source, header.Cookie);
                break;
            case MessageKind.Eager:
                Envelope eager = RentEnvelope(source, header.Context, header.Tag, header.Length);
                new ReadOnlySpan<byte>(data, bytes).CopyTo(eager.Data);
                eager.Received = bytes;
                eager.AcknowledgementCookie = header.Cookie;
                _unexpected.Add(eager);
                break;
            case MessageKind.Rendezvous:
                SendOperation send = SendOperation.FromCookie(header.Cookie);
                var address = (byte*)*(long*)data;
                if (receive is not null)
                {
                    Deliver(receive, source, header.Tag, header.Length, address);
                    CompleteRendezvous(send, source);
                }
                else
                {
                    Envelope waiting = RentEnvelope(source, header.Context, header.Tag, 0);
                    waiting.PrepareRendezvous(source, header.Context, header.Tag, header.Length, address, send);
                    _unexpected.Add(waiting);
                }

                break;
            case MessageKind.First when receive is not null:
                receive.MatchedSource = source;
                receive.MatchedTag = header.Tag;
                receive.MatchedLength = header.Length;
                if (header.Length > receive.Capacity)
                {
                    receive.Error = Truncation(source, header.Tag, header.Length, receive.Capacity);
                }

                _streams[source] = receive;
                Stream(source, data, bytes);
                AcknowledgeIfSynchronous(source, header.Cookie);
                break;
            case MessageKind.First:
                Envelope envelope = RentEnvelope(source, header.Context, header.Tag, header.Length);
                envelope.AcknowledgementCookie = header.Cookie;
                _unexpected.Add(envelope);
                _streams[source] = envelope;
                Stream(source, data, bytes);
                break;
            default:
                throw new InvalidOperationException($"unknown record {record.Op} on the channel from rank {source}");
        }
    }

    /// <summary>Appends streamed bytes to whatever the message from <paramref name="source"/> is going into.</summary>
    private void Stream(int source, byte* data, int bytes)
    {
        switch (_streams[source])
        {
            case ReceiveOperation receive:
                if (receive.Error is null)
                {
                    fixed (byte* target = receive.Buffer)
                    {
                        Buffer.MemoryCopy(data, target + receive.Received, receive.Capacity - receive.Received, bytes);
                    }
                }

                receive.Received += bytes;
                if (receive.Received == receive.MatchedLength)
                {
                    _streams[source] = null;
                    receive.Complete();
                }

                break;
            case Envelope envelope:
                new ReadOnlySpan<byte>(data, bytes).CopyTo(envelope.Data[(int)envelope.Received..]);
                envelope.Received += bytes;
                if (envelope.IsComplete)
                {
                    _streams[source] = null;
                    if (envelope.Claimant is { } claimant)
                    {
                        TakeUnexpected(claimant, envelope);
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"a fragment from rank {source} belongs to no message");
        }
    }

    /// <summary>Removes and returns the first posted receive matching the envelope.</summary>
    private ReceiveOperation? MatchPosted(int context, int source, int tag)
    {
        for (int i = 0; i < _posted.Count; i++)
        {
            if (_posted[i].Matches(context, source, tag))
            {
                ReceiveOperation receive = _posted[i];
                _posted.RemoveAt(i);
                return receive;
            }
        }

        return null;
    }

    /// <summary>Gives an unexpected message to a receive (now, or when its last fragment arrives).</summary>
    private void TakeUnexpected(ReceiveOperation receive, Envelope envelope)
    {
        if (!envelope.IsComplete)
        {
            envelope.Claimant = receive;
            return;
        }

        if (envelope.RendezvousSend is { } send)
        {
            Deliver(receive, envelope.Source, envelope.Tag, envelope.Length, envelope.RendezvousAddress);
            CompleteRendezvous(send, envelope.Source);
        }
        else
        {
            fixed (byte* data = envelope.Data)
            {
                Deliver(receive, envelope.Source, envelope.Tag, envelope.Length, data);
            }
        }

        Return(envelope);
    }

    /// <summary>Copies a whole message into a receive, or fails it when it does not fit.</summary>
    private void Deliver(ReceiveOperation receive, int source, int tag, long length, byte* data)
    {
        receive.MatchedSource = source;
        receive.MatchedTag = tag;
        receive.MatchedLength = length;
        if (length > receive.Capacity)
        {
            receive.Error = Truncation(source, tag, length, receive.Capacity);
        }
        else
        {
            fixed (byte* target = receive.Buffer)
            {
                Buffer.MemoryCopy(data, target, receive.Capacity, length);
            }

            receive.Received = length;
        }

        receive.Complete();
    }

    /// <summary>The receiver copied a rendezvous message: the sender's buffer is free.</summary>
    private void CompleteRendezvous(SendOperation send, int source)
    {
        send.Complete();
        Ring(source);
    }

    /// <summary>The error of a receive whose buffer is too small.</summary>
    private Exception Truncation(int source, int tag, long length, long capacity) =>
        new MessageTruncatedException($"rank {_rank}: a message of {length} bytes from rank {source} (tag {tag}) does not fit the receive buffer of {capacity} bytes");
}
