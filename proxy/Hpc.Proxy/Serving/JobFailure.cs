namespace Hpc.Proxy.Serving;

/// <summary>Why a job failed: the exit status hermit-run returns and the message it prints.</summary>
/// <param name="Status">Exit status of hermit-run.</param>
/// <param name="Message">What failed and where (may span lines: an exception's stack).</param>
internal sealed record JobFailure(int Status, string Message);
