import { graphql } from "@/lib/graphql/generated";

/** Read operations of the pages (server components). */

export const CoverFields = graphql(`
  fragment CoverFields on Image {
    id
    state
    width
    height
    alt
    placeholder
    srcset
    src: url(width: 960)
  }
`);

export const FeedCardFields = graphql(`
  fragment FeedCardFields on FeedItem {
    id
    topic
    slug
    previewText
    authorLogin
    authorDisplayName
    tags { id name }
    commentCount
    publishedAt
    coverImage { ...CoverFields }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    me { id login displayName role state email avatarUrl avatar { id src: url(width: 160) } }
  }
`);

export const FeedQuery = graphql(`
  query Feed($first: Int!, $after: String, $tagId: ID, $authorId: ID) {
    feed(first: $first, after: $after, tagId: $tagId, authorId: $authorId) {
      nodes { ...FeedCardFields }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const TagQuery = graphql(`
  query Tag($id: ID!) {
    tag(id: $id) { id name viewerFollows }
  }
`);

export const TagsQuery = graphql(`
  query Tags($first: Int!, $after: String) {
    tags(first: $first, after: $after) {
      nodes { id name }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const AuthorQuery = graphql(`
  query Author($login: String!) {
    userByLogin(login: $login) {
      id
      login
      displayName
      bio
      role
      createdAt
      followersCount
      viewerFollows
      avatarUrl
      avatar { id placeholder srcset src: url(width: 160) alt }
    }
  }
`);

export const PostQuery = graphql(`
  query Post($slug: String!) {
    postBySlug(slug: $slug) {
      id
      topic
      slug
      text
      previewText
      state
      createdAt
      updatedAt
      publishedAt
      viewerFollows
      author { id login displayName avatar { id src: url(width: 96) } }
      coverImage { ...CoverFields }
      tags { id name }
      comments(first: 100) {
        nodes { id parentId text state createdAt author { id login displayName } }
      }
    }
  }
`);

export const EditPostQuery = graphql(`
  query EditPost($id: ID!) {
    post(id: $id) {
      id
      topic
      slug
      text
      previewText
      state
      author { id }
      coverImage { ...CoverFields }
      tags { id name }
    }
  }
`);

export const MyPostsQuery = graphql(`
  query MyPosts($first: Int!) {
    me {
      id
      posts(first: $first) { nodes { id topic slug state updatedAt } }
    }
  }
`);

export const ImageQuery = graphql(`
  query Image($id: ID!) {
    image(id: $id) { ...CoverFields rejectReason }
  }
`);

export const AccountQuery = graphql(`
  query Account {
    me { id login displayName bio email role avatar { id src: url(width: 160) } }
    mySessions { id createdAt lastUsedAt userAgent clientAddress current }
    myTrackSessions(first: 50) { nodes { trackId firstSeen lastSeen userAgent clientAddress current } }
    myFollows(first: 100) {
      nodes { kind targetId user { id login displayName } tag { id name } post { id slug topic } }
    }
    myNotificationPreferences { type channels emailCadence }
  }
`);

export const ModerationQueueQuery = graphql(`
  query ModerationQueue($first: Int!) {
    posts(first: $first, state: ON_MODERATION) {
      nodes { id topic slug state updatedAt author { id login displayName } }
    }
  }
`);

export const CommentQueueQuery = graphql(`
  query CommentQueue($first: Int!) {
    commentQueue(first: $first) {
      nodes { id postId text createdAt author { id login } post { id topic slug } }
    }
  }
`);

export const UsersQuery = graphql(`
  query Users($first: Int!, $search: String) {
    users(first: $first, filter: { search: $search }) {
      nodes { id login displayName email role state trustedAuthor }
    }
  }
`);

export const UnreadCountQuery = graphql(`
  query UnreadCount {
    me { id unreadNotificationsCount }
  }
`);

export const InboxQuery = graphql(`
  query Inbox($first: Int!, $after: String, $locale: String) {
    me {
      id
      unreadNotificationsCount
      notifications(first: $first, after: $after) {
        nodes { id type url createdAt read title(locale: $locale) actor { id login displayName } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

/** The server's VAPID public key for web push (null: push is not configured there). */
export const VapidPublicKeyQuery = graphql(`
  query VapidPublicKey {
    vapidPublicKey
  }
`);
