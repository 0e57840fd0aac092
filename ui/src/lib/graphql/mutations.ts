import { graphql } from "@/lib/graphql/generated";

/** Write operations of client components (sent through the same-origin /api/graphql route). */

export const SignUpMutation = graphql(`
  mutation SignUp($email: String!, $password: String!, $login: String!) {
    signUp(email: $email, password: $password, login: $login) { user { id login } }
  }
`);

export const ConfirmEmailMutation = graphql(`
  mutation ConfirmEmail($token: String!) {
    confirmEmail(token: $token) { id login state }
  }
`);

export const ResendConfirmationMutation = graphql(`
  mutation ResendConfirmation($email: String!) {
    resendConfirmation(email: $email)
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export const ResetPasswordMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

export const AddCommentMutation = graphql(`
  mutation AddComment($postId: ID!, $text: String!, $parentId: ID) {
    addComment(postId: $postId, text: $text, parentId: $parentId) { id state }
  }
`);

export const SetCommentStateMutation = graphql(`
  mutation SetCommentState($postId: ID!, $id: ID!, $state: ContentState!) {
    setCommentState(postId: $postId, id: $id, state: $state) { id state }
  }
`);

export const DeleteCommentMutation = graphql(`
  mutation DeleteComment($postId: ID!, $id: ID!) {
    deleteComment(postId: $postId, id: $id)
  }
`);

export const CreatePostMutation = graphql(`
  mutation CreatePost($input: CreatePostInput!) {
    createPost(input: $input) { id slug state }
  }
`);

export const UpdatePostMutation = graphql(`
  mutation UpdatePost($id: ID!, $input: UpdatePostInput!) {
    updatePost(id: $id, input: $input) { id slug state }
  }
`);

export const SetPostStateMutation = graphql(`
  mutation SetPostState($id: ID!, $state: ContentState!) {
    setPostState(id: $id, state: $state) { id slug state }
  }
`);

export const DeletePostMutation = graphql(`
  mutation DeletePost($id: ID!) {
    deletePost(id: $id)
  }
`);

export const CreateImageUploadMutation = graphql(`
  mutation CreateImageUpload($purpose: ImagePurpose!, $contentType: String!, $size: Int!, $alt: String) {
    createImageUpload(purpose: $purpose, contentType: $contentType, size: $size, alt: $alt) {
      image { id }
      url
      fields { name value }
    }
  }
`);

export const CompleteImageUploadMutation = graphql(`
  mutation CompleteImageUpload($id: ID!) {
    completeImageUpload(id: $id) { id state rejectReason }
  }
`);

export const CreateTagMutation = graphql(`
  mutation CreateTag($name: String!) {
    createTag(name: $name) { id name }
  }
`);

export const RenameTagMutation = graphql(`
  mutation RenameTag($id: ID!, $name: String!) {
    renameTag(id: $id, name: $name) { id name }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) { id login displayName bio }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($newPassword: String!, $currentPassword: String) {
    changePassword(newPassword: $newPassword, currentPassword: $currentPassword)
  }
`);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($trackId: ID!) {
    revokeSession(trackId: $trackId)
  }
`);

export const LogoutEverywhereMutation = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere
  }
`);

export const SetUserRoleMutation = graphql(`
  mutation SetUserRole($userId: ID!, $role: UserRole!) {
    setUserRole(userId: $userId, role: $role) { id role }
  }
`);

export const SetUserStateMutation = graphql(`
  mutation SetUserState($userId: ID!, $state: UserState!) {
    setUserState(userId: $userId, state: $state) { id state }
  }
`);

export const SetTrustedAuthorMutation = graphql(`
  mutation SetTrustedAuthor($userId: ID!, $trusted: Boolean!) {
    setTrustedAuthor(userId: $userId, trusted: $trusted) { id trustedAuthor }
  }
`);

export const RebuildFeedMutation = graphql(`
  mutation RebuildFeed($clear: Boolean!) {
    rebuildFeed(clear: $clear) { posts authors removed seconds }
  }
`);

export const FollowMutation = graphql(`
  mutation Follow($target: FollowKind!, $id: ID!) {
    follow(target: $target, id: $id) { kind targetId }
  }
`);

export const UnfollowMutation = graphql(`
  mutation Unfollow($target: FollowKind!, $id: ID!) {
    unfollow(target: $target, id: $id)
  }
`);

export const UpdateNotificationPreferencesMutation = graphql(`
  mutation UpdateNotificationPreferences($preferences: [NotificationPreferenceInput!]!) {
    updateNotificationPreferences(preferences: $preferences) { type channels emailCadence }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids)
  }
`);

export const MarkAllNotificationsReadMutation = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

export const RegisterPushSubscriptionMutation = graphql(`
  mutation RegisterPushSubscription($endpoint: String!, $keys: PushSubscriptionKeysInput!) {
    registerPushSubscription(endpoint: $endpoint, keys: $keys) { id endpoint }
  }
`);

export const UnregisterPushSubscriptionMutation = graphql(`
  mutation UnregisterPushSubscription($endpoint: String!) {
    unregisterPushSubscription(endpoint: $endpoint)
  }
`);

export const BookmarkMutation = graphql(`
  mutation Bookmark($postId: ID!) {
    bookmark(postId: $postId) { id viewerBookmarked }
  }
`);

export const UnbookmarkMutation = graphql(`
  mutation Unbookmark($postId: ID!) {
    unbookmark(postId: $postId)
  }
`);

export const ReactMutation = graphql(`
  mutation React($postId: ID!, $commentId: ID, $kind: ReactionKind!) {
    react(postId: $postId, commentId: $commentId, kind: $kind) { counts { kind count } viewerReactions }
  }
`);

export const UnreactMutation = graphql(`
  mutation Unreact($postId: ID!, $commentId: ID, $kind: ReactionKind!) {
    unreact(postId: $postId, commentId: $commentId, kind: $kind) { counts { kind count } viewerReactions }
  }
`);
