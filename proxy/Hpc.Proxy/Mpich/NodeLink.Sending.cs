using System.Diagnostics;

namespace Hpc.Proxy.Mpich;

/// <summary>The MPI thread's sending side: callers' messages into per-peer outboxes, frames into MPI within a window.</summary>
internal sealed unsafe partial class NodeLink
{
    /// <summary>Moves submitted messages to their peers' outboxes; true when there were any.</summary>
    private bool TakeSubmitted()
    {
        bool any = false;
        while (_submitted.TryDequeue(out OutgoingMessage? message))
        {
            _outboxes[message.Node].Waiting.Enqueue(message);
            any = true;
        }

        return any;
    }

    /// <summary>Posts frames for every peer while its window has room; true when any was posted.</summary>
    private bool PostFrames()
    {
        bool any = false;
        long windowBytes = (long)_options.ChunkSize * _options.ChunksInFlight;
        for (int peer = 0; peer < _outboxes.Length; peer++)
        {
            Outbox box = _outboxes[peer];
            bool posted = false;
            while (box.Waiting.TryPeek(out OutgoingMessage? message))
            {
                int length = message.NextFrameLength;
                if (!box.HasRoom(length, windowBytes, WindowFrames))
                {
                    break;
                }

                int request;
                int code = MpiCalls.Isend(message.NextFramePointer(), length, MpichAbi.Byte, peer, message.Tag, MpichAbi.CommWorld, &request);
                if (code != MpichAbi.Success)
                {
                    Fail(peer, $"MPI_Isend failed: {MpiCalls.ErrorText(code)}");
                    return true;
                }

                message.FramePosted();
                box.FramesInFlight++;
                box.BytesInFlight += length;
                _requests.Add(request, new PendingRequest(RequestKind.SendFrame, peer, length, message));
                _transfers++;
                if (message.AllPosted)
                {
                    _ = box.Waiting.Dequeue();
                }

                posted = true;
            }

            if (posted)
            {
                any = true;
                _lastSent[peer] = Stopwatch.GetTimestamp();
            }
        }

        return any;
    }

    /// <summary>Tests every outstanding request and handles the completed ones; true when any completed.</summary>
    private bool CompleteRequests()
    {
        if (_requests.Count == 0)
        {
            return false;
        }

        _completions.Clear();
        int code = _requests.TestSome(_completions);
        if (code != MpichAbi.Success && code != MpichAbi.ErrorInStatus)
        {
            Fail(-1, $"MPI_Testsome failed: {MpiCalls.ErrorText(code)}");
            return true;
        }

        foreach (Completion completion in _completions)
        {
            PendingRequest request = completion.Request;
            if (completion.Error != MpichAbi.Success && request.Kind == RequestKind.Heartbeat && _departed[request.Node])
            {
                // The peer left (and may be gone): a heartbeat or goodbye that cannot reach it is expected.
                continue;
            }

            if (completion.Error != MpichAbi.Success)
            {
                string what = request.Kind switch
                {
                    RequestKind.SendFrame => "a send to it failed",
                    RequestKind.ReceiveFrame => "a receive from it failed",
                    RequestKind.Heartbeat => "a heartbeat to it failed",
                    _ => "the closing barrier failed",
                };
                Fail(request.Node, $"{what}: {MpiCalls.ErrorText(completion.Error)}");
                return true;
            }

            switch (request.Kind)
            {
                case RequestKind.SendFrame:
                    SendFrameCompleted(request);
                    break;
                case RequestKind.ReceiveFrame:
                    ReceiveFrameCompleted(request, completion.Status);
                    break;
                case RequestKind.Barrier:
                    _leavePhase = 3;
                    break;
                default:
                    break;
            }
        }

        return _completions.Count > 0;
    }

    /// <summary>A frame left: open the window, and report the message sent after its last frame.</summary>
    private void SendFrameCompleted(PendingRequest request)
    {
        Outbox box = _outboxes[request.Node];
        _transfers--;
        box.FramesInFlight--;
        box.BytesInFlight -= request.Bytes;
        var message = (OutgoingMessage)request.Owner!;
        if (message.FrameCompleted())
        {
            message.OnSent?.Invoke();
            Recycle(message);
        }
    }
}
