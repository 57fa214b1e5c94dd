namespace Hpc.Proxy.Running;

/// <summary>The job cannot be run as asked (missing, unbuildable, not a program): hermit-run exits 2 with the message.</summary>
internal sealed class JobException(string message) : Exception(message);
