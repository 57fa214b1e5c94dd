using System.Diagnostics;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// How long the proxy may sleep while metal isles run. A guest cannot wake the proxy (no futex reaches across the VM
/// boundary; it only bumps the doorbell word), so the proxy finds a guest's records by polling: every millisecond
/// while a guest has recently been waiting on requests (a file call waits for its reply), less often otherwise.
/// A job without metal isles is not limited.
/// </summary>
internal sealed class GuestPolling
{
    /// <summary>Sleep while guests make requests: a file call's answer waits about this long at most.</summary>
    private const int BusyMilliseconds = 1;
    /// <summary>Sleep while guests only compute or print (console records wait this long at most).</summary>
    private const int QuietMilliseconds = 10;
    /// <summary>How long after a guest's last request the polling stays busy.</summary>
    private static readonly long s_busyWindow = Stopwatch.Frequency / 5;

    /// <summary>True when the job has metal isles.</summary>
    private readonly bool _hasGuests;

    /// <summary>Polls for the guests of a job that has them (<paramref name="hasGuests"/>).</summary>
    public GuestPolling(bool hasGuests) => _hasGuests = hasGuests;

    /// <summary>The longest sleep now (milliseconds), given the Stopwatch timestamp of the last request served.</summary>
    public int SleepLimit(long lastRequest) =>
        !_hasGuests ? int.MaxValue : Stopwatch.GetTimestamp() - lastRequest < s_busyWindow ? BusyMilliseconds : QuietMilliseconds;
}
