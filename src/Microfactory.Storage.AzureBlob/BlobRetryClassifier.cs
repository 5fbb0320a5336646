using Azure.Core;

namespace Microfactory.Storage.AzureBlob;

/// <summary>
/// Which answers are worth another attempt: timeouts, throttling and transient server errors. Never 409 or 412: a
/// conflict is the answer to a conditional write, and retrying it could only hide a lost race.
/// </summary>
internal sealed class BlobRetryClassifier : ResponseClassifier
{
    public static bool IsRetriableStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    public override bool IsRetriableResponse(HttpMessage message) => IsRetriableStatus(message.Response.Status);

    // Status codes are interpreted by the store itself (404 is "missing", 409/412 are conflicts), not by the pipeline.
    public override bool IsErrorResponse(HttpMessage message) => message.Response.Status >= 400;
}
