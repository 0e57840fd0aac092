import { AuthPage, authMetadata } from "@/components/auth/auth-page";
import { EmailLinkForm } from "@/components/auth/email-form";

export const generateMetadata = () => authMetadata("resendTitle");

export default function ResendPage() {
  return <AuthPage title="resendTitle"><EmailLinkForm purpose="resend" /></AuthPage>;
}
