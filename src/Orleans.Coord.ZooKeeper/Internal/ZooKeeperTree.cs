namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>Helpers that work on whole subtrees: creating a path with its ancestors and deleting recursively.</summary>
internal static class ZooKeeperTree
{
    /// <summary>Creates every missing node of <paramref name="path"/> as an empty persistent node; existing ones are kept.</summary>
    public static async Task EnsurePathAsync(ZooKeeperClient client, string path, CancellationToken cancellationToken)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        if (path == ZooKeeperPath.Root)
        {
            return;
        }

        var current = string.Empty;
        foreach (var segment in path[1..].Split('/'))
        {
            current += "/" + segment;
            if (await client.ExistsAsync(current, cancellationToken: cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            try
            {
                await client.CreateAsync(current, ReadOnlyMemory<byte>.Empty, CreateMode.Persistent, cancellationToken).ConfigureAwait(false);
            }
            catch (NodeExistsException)
            {
                // Created concurrently by someone else: that is what we wanted.
            }
        }
    }

    /// <summary>Deletes a node and all its descendants; a node that disappears meanwhile is fine. Returns false when the node did not exist.</summary>
    public static async Task<bool> DeleteRecursiveAsync(ZooKeeperClient client, string path, CancellationToken cancellationToken)
    {
        ZooKeeperChildren children;
        try
        {
            children = await client.GetChildrenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            return false;
        }

        foreach (var child in children.Children)
        {
            await DeleteRecursiveAsync(client, ZooKeeperPath.Combine(path, child), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await client.DeleteAsync(path, -1, cancellationToken).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            // Deleted concurrently.
        }
        catch (NotEmptyException)
        {
            // A child was added concurrently; delete again.
            return await DeleteRecursiveAsync(client, path, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
