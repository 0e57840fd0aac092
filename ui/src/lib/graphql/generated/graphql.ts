/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The life cycle of posts and comments. */
export type ContentState =
  | 'BLOCKED'
  | 'DELETED'
  | 'NEW'
  | 'ON_MODERATION'
  | 'PUBLISHED'
  | 'SCHEDULED';

export type CreatePostInput = {
  /** The author's own READY COVER image (FORBIDDEN otherwise). */
  coverImageId?: string | number | null | undefined;
  /** At most 2000 characters. */
  previewText?: string;
  /** Publish at this time: when approved before it, the post waits as SCHEDULED. */
  publishAt?: string | null | undefined;
  tagIds?: Array<string | number>;
  /** Markdown, at most 100 000 characters. */
  text: string;
  /** At most 512 characters. */
  topic: string;
};

/** When its email goes out. */
export type EmailCadence =
  | 'DAILY'
  | 'IMMEDIATE'
  | 'OFF'
  | 'WEEKLY';

/** What a user follows. */
export type FollowKind =
  | 'AUTHOR'
  | 'POST'
  | 'TAG';

/** What an image is for. */
export type ImagePurpose =
  | 'AVATAR'
  | 'COVER'
  | 'INLINE';

/** Where an image is in its life. */
export type ImageState =
  | 'DELETED'
  | 'DELETING'
  | 'PENDING'
  | 'PROCESSING'
  | 'READY'
  | 'REJECTED';

/** The language notifications are written in. */
export type Locale =
  | 'EN'
  | 'RU';

/** How it reaches the user. */
export type NotificationChannel =
  | 'EMAIL'
  | 'IN_APP'
  | 'PUSH'
  | 'SMS';

/** The whole choice for one type (channels replace the old ones). */
export type NotificationPreferenceInput = {
  channels: Array<NotificationChannel>;
  emailCadence?: EmailCadence;
  type: NotificationType;
};

/** What a notification is about. */
export type NotificationType =
  | 'ACCOUNT_SECURITY'
  | 'COMMENT_IN_THREAD'
  | 'COMMENT_ON_POST'
  | 'EMAIL'
  | 'MODERATION'
  | 'NEW_POST_BY_AUTHOR'
  | 'NEW_POST_IN_TAG'
  | 'REPLY_TO_COMMENT';

/** The `keys` of PushSubscription.toJSON() (base64url). */
export type PushSubscriptionKeysInput = {
  auth: string;
  p256dh: string;
};

/** The reactions a post or comment may get. */
export type ReactionKind =
  | 'FUNNY'
  | 'INSIGHTFUL'
  | 'LIKE';

/** Fields left out (or null) stay as they are, but coverImageId. */
export type UpdatePostInput = {
  /** The author's own READY COVER image (FORBIDDEN otherwise); null removes it. */
  coverImageId?: string | number | null | undefined;
  previewText?: string | null | undefined;
  /** Reschedule a post not published yet; null unschedules it (a SCHEDULED post is then published at once). */
  publishAt?: string | null | undefined;
  /** Replaces the whole set. */
  tagIds?: Array<string | number> | null | undefined;
  text?: string | null | undefined;
  topic?: string | null | undefined;
};

export type UpdateProfileInput = {
  avatarImageId?: string | number | null | undefined;
  avatarUrl?: string | null | undefined;
  bio?: string | null | undefined;
  displayName?: string | null | undefined;
  locale?: Locale | null | undefined;
  login?: string | null | undefined;
};

/** Roles, least to most privileged. */
export type UserRole =
  | 'MODERATOR'
  | 'OWNER'
  | 'READER'
  | 'WRITER';

export type UserState =
  | 'BLOCKED'
  | 'CONFIRMED'
  | 'DELETED'
  | 'NEW';

export type PostSlugQueryVariables = Exact<{
  id: string | number;
}>;


export type PostSlugQuery = { post: { slug: string } | null };

export type UiLoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type UiLoginMutation = { login: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string, refreshTokenExpiresAt: string, user: { id: string, login: string } } };

export type UiLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type UiLogoutMutation = { logout: boolean };

export type UiUnsubscribeMutationVariables = Exact<{
  token: string;
}>;


export type UiUnsubscribeMutation = { unsubscribe: { type: NotificationType } };

export type CommentAddedSubscriptionVariables = Exact<{
  postId: string | number;
}>;


export type CommentAddedSubscription = { commentAdded: { id: string, parentId: string | null, text: string, state: ContentState, createdAt: string, author: { id: string, login: string, displayName: string } | null } };

export type UnreadCountLiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountLiveSubscription = { unreadNotificationsCount: number };

export type NotificationAddedLiveSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type NotificationAddedLiveSubscription = { notificationAdded: { id: string } };

export type SignUpMutationVariables = Exact<{
  email: string;
  password: string;
  login: string;
}>;


export type SignUpMutation = { signUp: { user: { id: string, login: string } } };

export type ConfirmEmailMutationVariables = Exact<{
  token: string;
}>;


export type ConfirmEmailMutation = { confirmEmail: { id: string, login: string, state: UserState } };

export type ResendConfirmationMutationVariables = Exact<{
  email: string;
}>;


export type ResendConfirmationMutation = { resendConfirmation: boolean };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResetPasswordMutationVariables = Exact<{
  token: string;
  newPassword: string;
}>;


export type ResetPasswordMutation = { resetPassword: boolean };

export type AddCommentMutationVariables = Exact<{
  postId: string | number;
  text: string;
  parentId?: string | number | null | undefined;
}>;


export type AddCommentMutation = { addComment: { id: string, state: ContentState } };

export type SetCommentStateMutationVariables = Exact<{
  postId: string | number;
  id: string | number;
  state: ContentState;
}>;


export type SetCommentStateMutation = { setCommentState: { id: string, state: ContentState } };

export type DeleteCommentMutationVariables = Exact<{
  postId: string | number;
  id: string | number;
}>;


export type DeleteCommentMutation = { deleteComment: string };

export type CreatePostMutationVariables = Exact<{
  input: CreatePostInput;
}>;


export type CreatePostMutation = { createPost: { id: string, slug: string, state: ContentState } };

export type UpdatePostMutationVariables = Exact<{
  id: string | number;
  input: UpdatePostInput;
}>;


export type UpdatePostMutation = { updatePost: { id: string, slug: string, state: ContentState } };

export type SetPostStateMutationVariables = Exact<{
  id: string | number;
  state: ContentState;
}>;


export type SetPostStateMutation = { setPostState: { id: string, slug: string, state: ContentState } };

export type DeletePostMutationVariables = Exact<{
  id: string | number;
}>;


export type DeletePostMutation = { deletePost: string };

export type CreateImageUploadMutationVariables = Exact<{
  purpose: ImagePurpose;
  contentType: string;
  size: number;
  alt?: string | null | undefined;
}>;


export type CreateImageUploadMutation = { createImageUpload: { url: string, image: { id: string }, fields: Array<{ name: string, value: string }> } };

export type CompleteImageUploadMutationVariables = Exact<{
  id: string | number;
}>;


export type CompleteImageUploadMutation = { completeImageUpload: { id: string, state: ImageState, rejectReason: string | null } };

export type CreateTagMutationVariables = Exact<{
  name: string;
}>;


export type CreateTagMutation = { createTag: { id: string, name: string } };

export type RenameTagMutationVariables = Exact<{
  id: string | number;
  name: string;
}>;


export type RenameTagMutation = { renameTag: { id: string, name: string } };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile: { id: string, login: string, displayName: string, bio: string | null } };

export type ChangePasswordMutationVariables = Exact<{
  newPassword: string;
  currentPassword?: string | null | undefined;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type RevokeSessionMutationVariables = Exact<{
  trackId: string | number;
}>;


export type RevokeSessionMutation = { revokeSession: boolean };

export type LogoutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutEverywhereMutation = { logoutEverywhere: number };

export type SetUserRoleMutationVariables = Exact<{
  userId: string | number;
  role: UserRole;
}>;


export type SetUserRoleMutation = { setUserRole: { id: string, role: UserRole } };

export type SetUserStateMutationVariables = Exact<{
  userId: string | number;
  state: UserState;
}>;


export type SetUserStateMutation = { setUserState: { id: string, state: UserState } };

export type SetTrustedAuthorMutationVariables = Exact<{
  userId: string | number;
  trusted: boolean;
}>;


export type SetTrustedAuthorMutation = { setTrustedAuthor: { id: string, trustedAuthor: boolean } };

export type RebuildFeedMutationVariables = Exact<{
  clear: boolean;
}>;


export type RebuildFeedMutation = { rebuildFeed: { posts: number, authors: number, removed: number, seconds: number } };

export type FollowMutationVariables = Exact<{
  target: FollowKind;
  id: string | number;
}>;


export type FollowMutation = { follow: { kind: FollowKind, targetId: string } };

export type UnfollowMutationVariables = Exact<{
  target: FollowKind;
  id: string | number;
}>;


export type UnfollowMutation = { unfollow: boolean };

export type UpdateNotificationPreferencesMutationVariables = Exact<{
  preferences: Array<NotificationPreferenceInput> | NotificationPreferenceInput;
}>;


export type UpdateNotificationPreferencesMutation = { updateNotificationPreferences: Array<{ type: NotificationType, channels: Array<NotificationChannel>, emailCadence: EmailCadence }> };

export type MarkNotificationsReadMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type MarkNotificationsReadMutation = { markNotificationsRead: number };

export type MarkAllNotificationsReadMutationVariables = Exact<{ [key: string]: never; }>;


export type MarkAllNotificationsReadMutation = { markAllNotificationsRead: number };

export type RegisterPushSubscriptionMutationVariables = Exact<{
  endpoint: string;
  keys: PushSubscriptionKeysInput;
}>;


export type RegisterPushSubscriptionMutation = { registerPushSubscription: { id: string, endpoint: string } };

export type UnregisterPushSubscriptionMutationVariables = Exact<{
  endpoint: string;
}>;


export type UnregisterPushSubscriptionMutation = { unregisterPushSubscription: boolean };

export type BookmarkMutationVariables = Exact<{
  postId: string | number;
}>;


export type BookmarkMutation = { bookmark: { id: string, viewerBookmarked: boolean } };

export type UnbookmarkMutationVariables = Exact<{
  postId: string | number;
}>;


export type UnbookmarkMutation = { unbookmark: string };

export type ReactMutationVariables = Exact<{
  postId: string | number;
  commentId?: string | number | null | undefined;
  kind: ReactionKind;
}>;


export type ReactMutation = { react: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> } };

export type UnreactMutationVariables = Exact<{
  postId: string | number;
  commentId?: string | number | null | undefined;
  kind: ReactionKind;
}>;


export type UnreactMutation = { unreact: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> } };

export type CoverFieldsFragment = { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null };

export type FeedCardFieldsFragment = { id: string, topic: string, slug: string, previewText: string, authorLogin: string, authorDisplayName: string, commentCount: number, readingMinutes: number, publishedAt: string, tags: Array<{ id: string, name: string }>, reactions: Array<{ kind: ReactionKind, count: number }>, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { id: string, login: string, displayName: string, role: UserRole, state: UserState, email: string | null, avatarUrl: string | null, avatar: { id: string, src: string | null } | null } | null };

export type FeedQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  tagId?: string | number | null | undefined;
  authorId?: string | number | null | undefined;
}>;


export type FeedQuery = { feed: { nodes: Array<{ id: string, topic: string, slug: string, previewText: string, authorLogin: string, authorDisplayName: string, commentCount: number, readingMinutes: number, publishedAt: string, tags: Array<{ id: string, name: string }>, reactions: Array<{ kind: ReactionKind, count: number }>, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type TagQueryVariables = Exact<{
  id: string | number;
}>;


export type TagQuery = { tag: { id: string, name: string, viewerFollows: boolean } | null };

export type TagsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type TagsQuery = { tags: { nodes: Array<{ id: string, name: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AuthorQueryVariables = Exact<{
  login: string;
}>;


export type AuthorQuery = { userByLogin: { id: string, login: string, displayName: string, bio: string | null, role: UserRole, createdAt: string, followersCount: number, viewerFollows: boolean, avatarUrl: string | null, avatar: { id: string, placeholder: string | null, srcset: string | null, alt: string | null, src: string | null } | null } | null };

export type PostQueryVariables = Exact<{
  slug: string;
}>;


export type PostQuery = { postBySlug: { id: string, topic: string, slug: string, text: string, previewText: string, state: ContentState, createdAt: string, updatedAt: string, publishedAt: string | null, publishAt: string | null, readingMinutes: number, viewerFollows: boolean, viewerBookmarked: boolean, reactions: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> }, author: { id: string, login: string, displayName: string, avatar: { id: string, src: string | null } | null } | null, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null, tags: Array<{ id: string, name: string }>, comments: { nodes: Array<{ id: string, parentId: string | null, text: string, state: ContentState, createdAt: string, author: { id: string, login: string, displayName: string } | null, reactions: { viewerReactions: Array<ReactionKind>, counts: Array<{ kind: ReactionKind, count: number }> } }> } } | null };

export type EditPostQueryVariables = Exact<{
  id: string | number;
}>;


export type EditPostQuery = { post: { id: string, topic: string, slug: string, text: string, previewText: string, state: ContentState, publishAt: string | null, author: { id: string } | null, coverImage: { id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null, tags: Array<{ id: string, name: string }> } | null };

export type MyPostsQueryVariables = Exact<{
  first: number;
}>;


export type MyPostsQuery = { me: { id: string, posts: { nodes: Array<{ id: string, topic: string, slug: string, state: ContentState, updatedAt: string }> } } | null };

export type ImageQueryVariables = Exact<{
  id: string | number;
}>;


export type ImageQuery = { image: { rejectReason: string | null, id: string, state: ImageState, width: number | null, height: number | null, alt: string | null, placeholder: string | null, srcset: string | null, src: string | null } | null };

export type AccountQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountQuery = { me: { id: string, login: string, displayName: string, bio: string | null, email: string | null, role: UserRole, avatar: { id: string, src: string | null } | null } | null, mySessions: Array<{ id: string, createdAt: string, lastUsedAt: string, userAgent: string | null, clientAddress: string | null, current: boolean }>, myTrackSessions: { nodes: Array<{ trackId: string, firstSeen: string, lastSeen: string, userAgent: string | null, clientAddress: string | null, current: boolean }> }, myFollows: { nodes: Array<{ kind: FollowKind, targetId: string, user: { id: string, login: string, displayName: string } | null, tag: { id: string, name: string } | null, post: { id: string, slug: string, topic: string } | null }> }, myNotificationPreferences: Array<{ type: NotificationType, channels: Array<NotificationChannel>, emailCadence: EmailCadence }> };

export type ModerationQueueQueryVariables = Exact<{
  first: number;
}>;


export type ModerationQueueQuery = { posts: { nodes: Array<{ id: string, topic: string, slug: string, state: ContentState, updatedAt: string, author: { id: string, login: string, displayName: string } | null }> } };

export type CommentQueueQueryVariables = Exact<{
  first: number;
}>;


export type CommentQueueQuery = { commentQueue: { nodes: Array<{ id: string, postId: string, text: string, createdAt: string, author: { id: string, login: string } | null, post: { id: string, topic: string, slug: string } | null }> } };

export type UsersQueryVariables = Exact<{
  first: number;
  search?: string | null | undefined;
}>;


export type UsersQuery = { users: { nodes: Array<{ id: string, login: string, displayName: string, email: string | null, role: UserRole, state: UserState, trustedAuthor: boolean }> } };

export type UnreadCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadCountQuery = { me: { id: string, unreadNotificationsCount: number } | null };

export type InboxQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  locale?: string | null | undefined;
}>;


export type InboxQuery = { me: { id: string, unreadNotificationsCount: number, notifications: { nodes: Array<{ id: string, type: string, url: string | null, createdAt: string, read: boolean, title: string, actor: { id: string, login: string, displayName: string } | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type VapidPublicKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type VapidPublicKeyQuery = { vapidPublicKey: string | null };

export type SearchQueryVariables = Exact<{
  query: string;
  first: number;
  after?: string | null | undefined;
}>;


export type SearchQuery = { searchPosts: { nodes: Array<{ snippet: string, post: { id: string, topic: string, slug: string, previewText: string, publishedAt: string | null, readingMinutes: number, author: { id: string, login: string, displayName: string } | null, tags: Array<{ id: string, name: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type BookmarksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type BookmarksQuery = { myBookmarks: { nodes: Array<{ id: string, topic: string, slug: string, previewText: string, publishedAt: string | null, readingMinutes: number, author: { id: string, login: string, displayName: string } | null, tags: Array<{ id: string, name: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UiRefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type UiRefreshMutation = { refreshToken: { accessToken: string, refreshToken: string, accessTokenExpiresAt: string, refreshTokenExpiresAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CoverFieldsFragmentDoc = new TypedDocumentString(`
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
    `, {"fragmentName":"CoverFields"}) as unknown as TypedDocumentString<CoverFieldsFragment, unknown>;
export const FeedCardFieldsFragmentDoc = new TypedDocumentString(`
    fragment FeedCardFields on FeedItem {
  id
  topic
  slug
  previewText
  authorLogin
  authorDisplayName
  tags {
    id
    name
  }
  commentCount
  readingMinutes
  reactions {
    kind
    count
  }
  publishedAt
  coverImage {
    ...CoverFields
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`, {"fragmentName":"FeedCardFields"}) as unknown as TypedDocumentString<FeedCardFieldsFragment, unknown>;
export const PostSlugDocument = new TypedDocumentString(`
    query PostSlug($id: ID!) {
  post(id: $id) {
    slug
  }
}
    `, {"hash":"sha256:132edb830ee0e5a001f3993212b616f9961ac5761bf6a453575230ac3517ce6f"}) as unknown as TypedDocumentString<PostSlugQuery, PostSlugQueryVariables>;
export const UiLoginDocument = new TypedDocumentString(`
    mutation UiLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken
    refreshToken
    accessTokenExpiresAt
    refreshTokenExpiresAt
    user {
      id
      login
    }
  }
}
    `, {"hash":"sha256:5980b1b6e8d200a93ff125022ac0df9409a0cb30dd9462cff98568dcfa42b9b8"}) as unknown as TypedDocumentString<UiLoginMutation, UiLoginMutationVariables>;
export const UiLogoutDocument = new TypedDocumentString(`
    mutation UiLogout {
  logout
}
    `, {"hash":"sha256:9a99013461397307cbb37767702796d7dba06b4d15a3cb60ed41c49b71d9de24"}) as unknown as TypedDocumentString<UiLogoutMutation, UiLogoutMutationVariables>;
export const UiUnsubscribeDocument = new TypedDocumentString(`
    mutation UiUnsubscribe($token: String!) {
  unsubscribe(token: $token) {
    type
  }
}
    `, {"hash":"sha256:8fe9410168f63024beae8a332f03b056c99a0cc2634b627bc177aa87fe793041"}) as unknown as TypedDocumentString<UiUnsubscribeMutation, UiUnsubscribeMutationVariables>;
export const CommentAddedDocument = new TypedDocumentString(`
    subscription CommentAdded($postId: ID!) {
  commentAdded(postId: $postId) {
    id
    parentId
    text
    state
    createdAt
    author {
      id
      login
      displayName
    }
  }
}
    `, {"hash":"sha256:cca31c250c1e164c30d613f8d223b305e05732ef66176ec3f8644d0aa57ddaee"}) as unknown as TypedDocumentString<CommentAddedSubscription, CommentAddedSubscriptionVariables>;
export const UnreadCountLiveDocument = new TypedDocumentString(`
    subscription UnreadCountLive {
  unreadNotificationsCount
}
    `, {"hash":"sha256:0aca691be0f8a787d9395ce14b9d4eeff21a1b328a2f18ea4e1af59feb6e5d4b"}) as unknown as TypedDocumentString<UnreadCountLiveSubscription, UnreadCountLiveSubscriptionVariables>;
export const NotificationAddedLiveDocument = new TypedDocumentString(`
    subscription NotificationAddedLive {
  notificationAdded {
    id
  }
}
    `, {"hash":"sha256:afda109efbb4fc75b23ff9c3a5c8262324df45ca7bbb74601f579326309e83bc"}) as unknown as TypedDocumentString<NotificationAddedLiveSubscription, NotificationAddedLiveSubscriptionVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($email: String!, $password: String!, $login: String!) {
  signUp(email: $email, password: $password, login: $login) {
    user {
      id
      login
    }
  }
}
    `, {"hash":"sha256:bf387e31c5ec55bbc29dae3c8a46791fa136cbc7937dcb0d0c4f63c7cfcb644c"}) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const ConfirmEmailDocument = new TypedDocumentString(`
    mutation ConfirmEmail($token: String!) {
  confirmEmail(token: $token) {
    id
    login
    state
  }
}
    `, {"hash":"sha256:0b139df7d3c3f76e18b9ce9c8cedac56c8d631a65607ddad29141d841e0265de"}) as unknown as TypedDocumentString<ConfirmEmailMutation, ConfirmEmailMutationVariables>;
export const ResendConfirmationDocument = new TypedDocumentString(`
    mutation ResendConfirmation($email: String!) {
  resendConfirmation(email: $email)
}
    `, {"hash":"sha256:659277cdcbd608b97b83bca451f9b91f4f6c183874b126554b0779371b8767d2"}) as unknown as TypedDocumentString<ResendConfirmationMutation, ResendConfirmationMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email)
}
    `, {"hash":"sha256:5ac89982dc149995bab85b93caab9976bbc3fd5994fbf4173153f8686dba9d72"}) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword)
}
    `, {"hash":"sha256:fe56b8aec7a3b8e3dff83ca568801466f6c64e0c19b90c04e75ad25dd3d65c57"}) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const AddCommentDocument = new TypedDocumentString(`
    mutation AddComment($postId: ID!, $text: String!, $parentId: ID) {
  addComment(postId: $postId, text: $text, parentId: $parentId) {
    id
    state
  }
}
    `, {"hash":"sha256:fdb2010159cc6468325418045467fc4260e3eef94090aad17be9b2b59890bd54"}) as unknown as TypedDocumentString<AddCommentMutation, AddCommentMutationVariables>;
export const SetCommentStateDocument = new TypedDocumentString(`
    mutation SetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {
  setCommentState(postId: $postId, id: $id, state: $state) {
    id
    state
  }
}
    `, {"hash":"sha256:db733d8f6654411d132142ac712604ca8ead2982be936c7efaf2ec96072ba5fc"}) as unknown as TypedDocumentString<SetCommentStateMutation, SetCommentStateMutationVariables>;
export const DeleteCommentDocument = new TypedDocumentString(`
    mutation DeleteComment($postId: ID!, $id: ID!) {
  deleteComment(postId: $postId, id: $id)
}
    `, {"hash":"sha256:f7999732f5b4d0d8326ec52a28f88f6a14431cf5caf1ffedbf9857b7c1a22e2f"}) as unknown as TypedDocumentString<DeleteCommentMutation, DeleteCommentMutationVariables>;
export const CreatePostDocument = new TypedDocumentString(`
    mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) {
    id
    slug
    state
  }
}
    `, {"hash":"sha256:661f83eacf8b43b7dda9ce0358f729b7a542dd47f722fb8ddcbce22e2b15d5c5"}) as unknown as TypedDocumentString<CreatePostMutation, CreatePostMutationVariables>;
export const UpdatePostDocument = new TypedDocumentString(`
    mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {
  updatePost(id: $id, input: $input) {
    id
    slug
    state
  }
}
    `, {"hash":"sha256:90b0cd11ee487e145d1e1c644046b1f5c35ab709a31918921fed2852073104f6"}) as unknown as TypedDocumentString<UpdatePostMutation, UpdatePostMutationVariables>;
export const SetPostStateDocument = new TypedDocumentString(`
    mutation SetPostState($id: ID!, $state: ContentState!) {
  setPostState(id: $id, state: $state) {
    id
    slug
    state
  }
}
    `, {"hash":"sha256:3c83216e9e46c6df11c9695cfc5c714d3602b9e0f59f2e8a2b198c92403009eb"}) as unknown as TypedDocumentString<SetPostStateMutation, SetPostStateMutationVariables>;
export const DeletePostDocument = new TypedDocumentString(`
    mutation DeletePost($id: ID!) {
  deletePost(id: $id)
}
    `, {"hash":"sha256:7000f99b2e26901899585133811565309fae322a5e32d34cc2495a7d600a60af"}) as unknown as TypedDocumentString<DeletePostMutation, DeletePostMutationVariables>;
export const CreateImageUploadDocument = new TypedDocumentString(`
    mutation CreateImageUpload($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {
  createImageUpload(
    purpose: $purpose
    contentType: $contentType
    size: $size
    alt: $alt
  ) {
    image {
      id
    }
    url
    fields {
      name
      value
    }
  }
}
    `, {"hash":"sha256:f01cb6bff5b90b195937f119aab4e94c2ac19383165b01a3ced24f016f90bba2"}) as unknown as TypedDocumentString<CreateImageUploadMutation, CreateImageUploadMutationVariables>;
export const CompleteImageUploadDocument = new TypedDocumentString(`
    mutation CompleteImageUpload($id: ID!) {
  completeImageUpload(id: $id) {
    id
    state
    rejectReason
  }
}
    `, {"hash":"sha256:af8c9eaa3c8c5258663d2cd78fe0718b7c136f8146a7d8acde2d8eb81b087c89"}) as unknown as TypedDocumentString<CompleteImageUploadMutation, CompleteImageUploadMutationVariables>;
export const CreateTagDocument = new TypedDocumentString(`
    mutation CreateTag($name: String!) {
  createTag(name: $name) {
    id
    name
  }
}
    `, {"hash":"sha256:ba1f7ca300e24901824f7189630cc1e30391dc46b9366ee53a30797c766cb98a"}) as unknown as TypedDocumentString<CreateTagMutation, CreateTagMutationVariables>;
export const RenameTagDocument = new TypedDocumentString(`
    mutation RenameTag($id: ID!, $name: String!) {
  renameTag(id: $id, name: $name) {
    id
    name
  }
}
    `, {"hash":"sha256:4cad805146282e711ccf44c7a8f53bd276934c8997004a60cf295cb01e3a8444"}) as unknown as TypedDocumentString<RenameTagMutation, RenameTagMutationVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    id
    login
    displayName
    bio
  }
}
    `, {"hash":"sha256:8b1e2827cb76feba787e24ab1e0a9b46fc819be4b040dba6c226c5b525919a50"}) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($newPassword: String!, $currentPassword: String) {
  changePassword(newPassword: $newPassword, currentPassword: $currentPassword)
}
    `, {"hash":"sha256:30c81091ab2394cfdf029de6ed13f83f48c9d9b27a10f77ace14297670252f6f"}) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const RevokeSessionDocument = new TypedDocumentString(`
    mutation RevokeSession($trackId: ID!) {
  revokeSession(trackId: $trackId)
}
    `, {"hash":"sha256:e14b635a159e0b6906356aa09ea73f33663c0cf71498ede9ba0d4c0142d34de6"}) as unknown as TypedDocumentString<RevokeSessionMutation, RevokeSessionMutationVariables>;
export const LogoutEverywhereDocument = new TypedDocumentString(`
    mutation LogoutEverywhere {
  logoutEverywhere
}
    `, {"hash":"sha256:52707447b420e68f4a0918465e15cadf17002137ecf83682995cbd21b0be795c"}) as unknown as TypedDocumentString<LogoutEverywhereMutation, LogoutEverywhereMutationVariables>;
export const SetUserRoleDocument = new TypedDocumentString(`
    mutation SetUserRole($userId: ID!, $role: UserRole!) {
  setUserRole(userId: $userId, role: $role) {
    id
    role
  }
}
    `, {"hash":"sha256:55002ce582252b70db919abfe6a6d0f0784c21f4266486e690894907b3277f4c"}) as unknown as TypedDocumentString<SetUserRoleMutation, SetUserRoleMutationVariables>;
export const SetUserStateDocument = new TypedDocumentString(`
    mutation SetUserState($userId: ID!, $state: UserState!) {
  setUserState(userId: $userId, state: $state) {
    id
    state
  }
}
    `, {"hash":"sha256:33390ba03636530d15632093cb710070ee14ad5f4940bb550853392859aac00b"}) as unknown as TypedDocumentString<SetUserStateMutation, SetUserStateMutationVariables>;
export const SetTrustedAuthorDocument = new TypedDocumentString(`
    mutation SetTrustedAuthor($userId: ID!, $trusted: Boolean!) {
  setTrustedAuthor(userId: $userId, trusted: $trusted) {
    id
    trustedAuthor
  }
}
    `, {"hash":"sha256:0ae3122c6dea223aa622536e00c4d83448ceb8351015f22b30e277028c529ba5"}) as unknown as TypedDocumentString<SetTrustedAuthorMutation, SetTrustedAuthorMutationVariables>;
export const RebuildFeedDocument = new TypedDocumentString(`
    mutation RebuildFeed($clear: Boolean!) {
  rebuildFeed(clear: $clear) {
    posts
    authors
    removed
    seconds
  }
}
    `, {"hash":"sha256:f7708a02527168457d3a90f6fec18a2d1074bb692e290ee835e4ee839de2d0c1"}) as unknown as TypedDocumentString<RebuildFeedMutation, RebuildFeedMutationVariables>;
export const FollowDocument = new TypedDocumentString(`
    mutation Follow($target: FollowKind!, $id: ID!) {
  follow(target: $target, id: $id) {
    kind
    targetId
  }
}
    `, {"hash":"sha256:c971b379cf43e3920cc78744175bcca5eb63e533908614a762f5f0eba654e45c"}) as unknown as TypedDocumentString<FollowMutation, FollowMutationVariables>;
export const UnfollowDocument = new TypedDocumentString(`
    mutation Unfollow($target: FollowKind!, $id: ID!) {
  unfollow(target: $target, id: $id)
}
    `, {"hash":"sha256:1a78312b17febf409d3451f0b13e2de03867401f527ffb1841032ad071bafab4"}) as unknown as TypedDocumentString<UnfollowMutation, UnfollowMutationVariables>;
export const UpdateNotificationPreferencesDocument = new TypedDocumentString(`
    mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {
  updateNotificationPreferences(preferences: $preferences) {
    type
    channels
    emailCadence
  }
}
    `, {"hash":"sha256:4976d5503bf04d129a582b68a8a8229b73b74c04058cd0f698ee1d51ae26e6b6"}) as unknown as TypedDocumentString<UpdateNotificationPreferencesMutation, UpdateNotificationPreferencesMutationVariables>;
export const MarkNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkNotificationsRead($ids: [ID!]!) {
  markNotificationsRead(ids: $ids)
}
    `, {"hash":"sha256:1a766cf4ea3e134b35e5fa8ec5b904da700ab13ff3d61af7158809b586e6fe94"}) as unknown as TypedDocumentString<MarkNotificationsReadMutation, MarkNotificationsReadMutationVariables>;
export const MarkAllNotificationsReadDocument = new TypedDocumentString(`
    mutation MarkAllNotificationsRead {
  markAllNotificationsRead
}
    `, {"hash":"sha256:e919497b911d73638f8329785ecb0b4b48a247bb6d037bf89b2a498c5bca336d"}) as unknown as TypedDocumentString<MarkAllNotificationsReadMutation, MarkAllNotificationsReadMutationVariables>;
export const RegisterPushSubscriptionDocument = new TypedDocumentString(`
    mutation RegisterPushSubscription($endpoint: String!, $keys: PushSubscriptionKeysInput!) {
  registerPushSubscription(endpoint: $endpoint, keys: $keys) {
    id
    endpoint
  }
}
    `, {"hash":"sha256:1b11594ce8e2f6734f6584c033ec9fc706fc5b8cc27230327e42cb095928ac09"}) as unknown as TypedDocumentString<RegisterPushSubscriptionMutation, RegisterPushSubscriptionMutationVariables>;
export const UnregisterPushSubscriptionDocument = new TypedDocumentString(`
    mutation UnregisterPushSubscription($endpoint: String!) {
  unregisterPushSubscription(endpoint: $endpoint)
}
    `, {"hash":"sha256:c585c087fdcdf97d8c3b4f08b8d2d5e25672ec0d7b65b843f536168e6553ba4c"}) as unknown as TypedDocumentString<UnregisterPushSubscriptionMutation, UnregisterPushSubscriptionMutationVariables>;
export const BookmarkDocument = new TypedDocumentString(`
    mutation Bookmark($postId: ID!) {
  bookmark(postId: $postId) {
    id
    viewerBookmarked
  }
}
    `, {"hash":"sha256:c7746712a8d2f41979e73cdc43e4643606409995fcb7f0ecbfc289e5011a4d36"}) as unknown as TypedDocumentString<BookmarkMutation, BookmarkMutationVariables>;
export const UnbookmarkDocument = new TypedDocumentString(`
    mutation Unbookmark($postId: ID!) {
  unbookmark(postId: $postId)
}
    `, {"hash":"sha256:190dbe7422fcd6eebe311d299163f053edfdf48d0b3a05792faec34b27500ce9"}) as unknown as TypedDocumentString<UnbookmarkMutation, UnbookmarkMutationVariables>;
export const ReactDocument = new TypedDocumentString(`
    mutation React($postId: ID!, $commentId: ID, $kind: ReactionKind!) {
  react(postId: $postId, commentId: $commentId, kind: $kind) {
    counts {
      kind
      count
    }
    viewerReactions
  }
}
    `, {"hash":"sha256:c4b1a02e326de06f632d0325d1847839cf40c926c1e6be26779467f32c41f370"}) as unknown as TypedDocumentString<ReactMutation, ReactMutationVariables>;
export const UnreactDocument = new TypedDocumentString(`
    mutation Unreact($postId: ID!, $commentId: ID, $kind: ReactionKind!) {
  unreact(postId: $postId, commentId: $commentId, kind: $kind) {
    counts {
      kind
      count
    }
    viewerReactions
  }
}
    `, {"hash":"sha256:bb0462157c5333e86178eaa26524817b7669e798ed5371c52e28906f2b80bd56"}) as unknown as TypedDocumentString<UnreactMutation, UnreactMutationVariables>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  me {
    id
    login
    displayName
    role
    state
    email
    avatarUrl
    avatar {
      id
      src: url(width: 160)
    }
  }
}
    `, {"hash":"sha256:1a50f50102c64728203d40b2118242646dc8981f06251665ea375e434f141fb8"}) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const FeedDocument = new TypedDocumentString(`
    query Feed($first: Int!, $after: String, $tagId: ID, $authorId: ID) {
  feed(first: $first, after: $after, tagId: $tagId, authorId: $authorId) {
    nodes {
      ...FeedCardFields
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
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
fragment FeedCardFields on FeedItem {
  id
  topic
  slug
  previewText
  authorLogin
  authorDisplayName
  tags {
    id
    name
  }
  commentCount
  readingMinutes
  reactions {
    kind
    count
  }
  publishedAt
  coverImage {
    ...CoverFields
  }
}`, {"hash":"sha256:9f6fc39bd8fd3d2fcd7cd848caffac2a047a7fca0cd3b21ee80d313f91f57233"}) as unknown as TypedDocumentString<FeedQuery, FeedQueryVariables>;
export const TagDocument = new TypedDocumentString(`
    query Tag($id: ID!) {
  tag(id: $id) {
    id
    name
    viewerFollows
  }
}
    `, {"hash":"sha256:fef2059c9e8c1237e95d020f3bd6695754e95134d7c126b5a920bc2373137acb"}) as unknown as TypedDocumentString<TagQuery, TagQueryVariables>;
export const TagsDocument = new TypedDocumentString(`
    query Tags($first: Int!, $after: String) {
  tags(first: $first, after: $after) {
    nodes {
      id
      name
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:e3edcc9c9dd7395b99ae4961bb19e246134172e8ff85da0280eb4992baf77a52"}) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
export const AuthorDocument = new TypedDocumentString(`
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
    avatar {
      id
      placeholder
      srcset
      src: url(width: 160)
      alt
    }
  }
}
    `, {"hash":"sha256:51e05451ca5ac7fe6161783caefb9495a379a385c6d5faf910a69ca233206ed3"}) as unknown as TypedDocumentString<AuthorQuery, AuthorQueryVariables>;
export const PostDocument = new TypedDocumentString(`
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
    publishAt
    readingMinutes
    viewerFollows
    viewerBookmarked
    reactions {
      counts {
        kind
        count
      }
      viewerReactions
    }
    author {
      id
      login
      displayName
      avatar {
        id
        src: url(width: 96)
      }
    }
    coverImage {
      ...CoverFields
    }
    tags {
      id
      name
    }
    comments(first: 100) {
      nodes {
        id
        parentId
        text
        state
        createdAt
        author {
          id
          login
          displayName
        }
        reactions {
          counts {
            kind
            count
          }
          viewerReactions
        }
      }
    }
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`, {"hash":"sha256:8ac16eef3a89b35664f041e299d7769efab2c0da09248f6ebdf92c271dd75df9"}) as unknown as TypedDocumentString<PostQuery, PostQueryVariables>;
export const EditPostDocument = new TypedDocumentString(`
    query EditPost($id: ID!) {
  post(id: $id) {
    id
    topic
    slug
    text
    previewText
    state
    publishAt
    author {
      id
    }
    coverImage {
      ...CoverFields
    }
    tags {
      id
      name
    }
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`, {"hash":"sha256:24c939793e9a62df8e74395116a179943d8bd8c1cc7f17d3aabc58ab64aee1b0"}) as unknown as TypedDocumentString<EditPostQuery, EditPostQueryVariables>;
export const MyPostsDocument = new TypedDocumentString(`
    query MyPosts($first: Int!) {
  me {
    id
    posts(first: $first) {
      nodes {
        id
        topic
        slug
        state
        updatedAt
      }
    }
  }
}
    `, {"hash":"sha256:6871fbe7d31c84507186127345e0b50fa7db75e3fee3d1727323c7d04596e5cc"}) as unknown as TypedDocumentString<MyPostsQuery, MyPostsQueryVariables>;
export const ImageDocument = new TypedDocumentString(`
    query Image($id: ID!) {
  image(id: $id) {
    ...CoverFields
    rejectReason
  }
}
    fragment CoverFields on Image {
  id
  state
  width
  height
  alt
  placeholder
  srcset
  src: url(width: 960)
}`, {"hash":"sha256:f5b35b6f22062995cb06edc8cd1c50634aa7b81c3413460c825b8e54969e4844"}) as unknown as TypedDocumentString<ImageQuery, ImageQueryVariables>;
export const AccountDocument = new TypedDocumentString(`
    query Account {
  me {
    id
    login
    displayName
    bio
    email
    role
    avatar {
      id
      src: url(width: 160)
    }
  }
  mySessions {
    id
    createdAt
    lastUsedAt
    userAgent
    clientAddress
    current
  }
  myTrackSessions(first: 50) {
    nodes {
      trackId
      firstSeen
      lastSeen
      userAgent
      clientAddress
      current
    }
  }
  myFollows(first: 100) {
    nodes {
      kind
      targetId
      user {
        id
        login
        displayName
      }
      tag {
        id
        name
      }
      post {
        id
        slug
        topic
      }
    }
  }
  myNotificationPreferences {
    type
    channels
    emailCadence
  }
}
    `, {"hash":"sha256:eb7f76d531e1cd930be2703b478a76fe5d1f27276238aed75238f737eeda7c88"}) as unknown as TypedDocumentString<AccountQuery, AccountQueryVariables>;
export const ModerationQueueDocument = new TypedDocumentString(`
    query ModerationQueue($first: Int!) {
  posts(first: $first, state: ON_MODERATION) {
    nodes {
      id
      topic
      slug
      state
      updatedAt
      author {
        id
        login
        displayName
      }
    }
  }
}
    `, {"hash":"sha256:e2523413175d6eea5944e97d36214d5a5986c2bb352ee29e77c884a4f90005f5"}) as unknown as TypedDocumentString<ModerationQueueQuery, ModerationQueueQueryVariables>;
export const CommentQueueDocument = new TypedDocumentString(`
    query CommentQueue($first: Int!) {
  commentQueue(first: $first) {
    nodes {
      id
      postId
      text
      createdAt
      author {
        id
        login
      }
      post {
        id
        topic
        slug
      }
    }
  }
}
    `, {"hash":"sha256:e5c9228828f9f1c23e97025942d799768a6b2136b55efca0d803705394b99e25"}) as unknown as TypedDocumentString<CommentQueueQuery, CommentQueueQueryVariables>;
export const UsersDocument = new TypedDocumentString(`
    query Users($first: Int!, $search: String) {
  users(first: $first, filter: {search: $search}) {
    nodes {
      id
      login
      displayName
      email
      role
      state
      trustedAuthor
    }
  }
}
    `, {"hash":"sha256:06ebeba6fe86b881181665067020fdfd3910e65c5f061a4161b2556327a13cb1"}) as unknown as TypedDocumentString<UsersQuery, UsersQueryVariables>;
export const UnreadCountDocument = new TypedDocumentString(`
    query UnreadCount {
  me {
    id
    unreadNotificationsCount
  }
}
    `, {"hash":"sha256:53bd2fbc03ef103092f4579e1542f777cb7e06e434c204b7ecb7c7c0d4478b71"}) as unknown as TypedDocumentString<UnreadCountQuery, UnreadCountQueryVariables>;
export const InboxDocument = new TypedDocumentString(`
    query Inbox($first: Int!, $after: String, $locale: String) {
  me {
    id
    unreadNotificationsCount
    notifications(first: $first, after: $after) {
      nodes {
        id
        type
        url
        createdAt
        read
        title(locale: $locale)
        actor {
          id
          login
          displayName
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `, {"hash":"sha256:1a25838f6aa911538f044a879dafd7d4a5ed51fc61c0204f0f6147f7acf14728"}) as unknown as TypedDocumentString<InboxQuery, InboxQueryVariables>;
export const VapidPublicKeyDocument = new TypedDocumentString(`
    query VapidPublicKey {
  vapidPublicKey
}
    `, {"hash":"sha256:602606b043a67c582b1ab4bd4ac7b5ba148a38655e0b861b818ed3db33d53aa4"}) as unknown as TypedDocumentString<VapidPublicKeyQuery, VapidPublicKeyQueryVariables>;
export const SearchDocument = new TypedDocumentString(`
    query Search($query: String!, $first: Int!, $after: String) {
  searchPosts(query: $query, first: $first, after: $after) {
    nodes {
      snippet
      post {
        id
        topic
        slug
        previewText
        publishedAt
        readingMinutes
        author {
          id
          login
          displayName
        }
        tags {
          id
          name
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:ebb490f81a8b1cb2a9d00116d79352e3e6495d5481c507e95932698ee2164101"}) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const BookmarksDocument = new TypedDocumentString(`
    query Bookmarks($first: Int!, $after: String) {
  myBookmarks(first: $first, after: $after) {
    nodes {
      id
      topic
      slug
      previewText
      publishedAt
      readingMinutes
      author {
        id
        login
        displayName
      }
      tags {
        id
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `, {"hash":"sha256:b8ea4d5081bced6ae43511fb581d99734b2f43b696b8506b2c1cac65f19e8d1d"}) as unknown as TypedDocumentString<BookmarksQuery, BookmarksQueryVariables>;
export const UiRefreshDocument = new TypedDocumentString(`
    mutation UiRefresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) {
    accessToken
    refreshToken
    accessTokenExpiresAt
    refreshTokenExpiresAt
  }
}
    `, {"hash":"sha256:0046511ab67463675e812b23b713d0e7fc01e4f64216dc2b69cc73623c0dbc8c"}) as unknown as TypedDocumentString<UiRefreshMutation, UiRefreshMutationVariables>;