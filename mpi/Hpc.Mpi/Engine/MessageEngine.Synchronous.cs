using Hpc.Channels;
using Hpc.Rings;

namespace Hpc.Mpi.Engine;

/// <summary>
/// Synchronous sends (MPI_Ssend): a send that completes only once a receive matched it. To a rank of this process it
/// goes by rendezvous (the receiver's copy completes it); otherwise its eager or first record carries the send's
/// cookie, and the receiver answers with an <see cref="MessageKind.Ack"/> record when a receive matches the message,
/// however early or late that is. The send completes when both its bytes are pushed and the Ack came back.
/// </summary>
internal sealed unsafe partial class MessageEngine
{
    /// <summary>
    /// A receive matched a message whose header carried <paramref name="cookie"/>: non-zero means a synchronous send
    /// waits to hear it.
    /// </summary>
    private void AcknowledgeIfSynchronous(int source, long cookie)
    {
        if (cookie != 0)
        {
            SendAcknowledgement(source, cookie);
        }
    }

    /// <summary>
    /// Tells <paramref name="destination"/> that a receive matched its synchronous send <paramref name="cookie"/>: an
    /// Ack record, queued behind this rank's earlier sends to it when its channel is full.
    /// </summary>
    private void SendAcknowledgement(int destination, long cookie)
    {
        SendOperation ack = RentSend(null, 0, destination, 0, 0);
        ack.AcknowledgementOf = cookie;
        Queue<SendOperation>? queue = _pending[destination];
        if ((queue is null || queue.Count == 0) && TryPush(ack))
        {
            Return(ack);
            return;
        }

        (_pending[destination] ??= new Queue<SendOperation>()).Enqueue(ack);
        _pendingCount++;
    }

    /// <summary>Pushes an Ack record; false when the channel has no room yet.</summary>
    private static bool PushAcknowledgement(ref RingWriter writer, SendOperation ack)
    {
        byte* record = Reserve(ref writer, sizeof(MessageHeader));
        if (record == null)
        {
            return false;
        }

        *(MessageHeader*)record = new MessageHeader { Cookie = ack.AcknowledgementOf };
        writer.Commit((ushort)MessageKind.Ack, 0, 0, sizeof(MessageHeader));
        return true;
    }

    /// <summary>
    /// An Ack came back for this rank's synchronous send <paramref name="cookie"/>: it completes now if all its bytes
    /// are pushed, else when the last of them is.
    /// </summary>
    private static void Acknowledge(long cookie)
    {
        SendOperation send = SendOperation.FromCookie(cookie);
        send.Acknowledged = true;
        if (send.Started && send.Sent == send.Length)
        {
            send.Complete();
        }
    }
}
