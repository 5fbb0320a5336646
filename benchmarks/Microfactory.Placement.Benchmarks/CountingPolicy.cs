using Azure.Core;
using Azure.Core.Pipeline;

namespace Microfactory.Placement.Benchmarks;

/// <summary>Counts every HTTP request the Azure SDK sends to the store (retries included).</summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _requests);
}
