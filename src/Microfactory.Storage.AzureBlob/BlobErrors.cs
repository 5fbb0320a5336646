using Azure;
using Azure.Identity;
using Azure.Storage.Blobs.Models;

namespace Microfactory.Storage.AzureBlob;

/// <summary>Turns the SDK's failures into the store's exceptions, naming Azure's error code and never a credential.</summary>
internal static class BlobErrors
{
    public static bool Is(RequestFailedException e, BlobErrorCode code) => e.ErrorCode == code.ToString();

    /// <summary>The store's exception for <paramref name="e"/>, or null when the SDK's own exception says it best.</summary>
    /// <param name="where">The container, for messages (no query string, so no SAS).</param>
    public static Exception? Translate(Exception e, string operation, string? key, WriteCondition condition, string where) => e switch
    {
        RequestFailedException { Status: 412 } r when key is not null =>
            new StoreConflictException(key, StoreConflictKind.PreconditionFailed, Detail(r)),
        RequestFailedException { Status: 409 } r when key is not null && Is(r, BlobErrorCode.BlobAlreadyExists) =>
            new StoreConflictException(key, StoreConflictKind.AlreadyExists, Detail(r)),
        RequestFailedException { Status: 404 } r when key is not null && condition.IfMatch is not null && Is(r, BlobErrorCode.BlobNotFound) =>
            new StoreConflictException(key, StoreConflictKind.PreconditionFailed, "the blob does not exist"),
        RequestFailedException { Status: 401 or 403 } r => new StoreUnavailableException(
            $"Azure Blob refused to {operation}: {Detail(r)}. The account key, SAS or token is wrong, expired or lacks permission.", r),
        AuthenticationFailedException a => new StoreUnavailableException($"Azure Blob at {where}: no token for the storage account ({a.Message})", a),
        _ when IsUnreachable(e) => new StoreUnavailableException($"Azure Blob at {where} is unreachable: {Innermost(e).Message}", e),
        _ => null,
    };

    // The SDK's message goes on with the request id, the time, the status and the response headers: the first line is the reason.
    public static string Detail(RequestFailedException e) => $"{e.Status} {e.ErrorCode ?? "(no error code)"}: {e.Message.Split('\n')[0].Trim()}";

    // Status 0: no answer at all; a timed-out attempt is a cancellation the caller did not ask for. After its retries the
    // SDK throws an AggregateException of every attempt's failure. A bare IOException is not one: it is the caller's
    // source stream failing an upload, and stays as it is.
    private static bool IsUnreachable(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } or TimeoutException or TaskCanceledException => true,
        AggregateException a => a.InnerExceptions.All(IsUnreachable),
        _ => false,
    };

    private static Exception Innermost(Exception e)
    {
        while (true)
        {
            var next = e is AggregateException a ? a.InnerExceptions.LastOrDefault() : e.InnerException;
            if (next is null)
            {
                return e;
            }

            e = next;
        }
    }
}
