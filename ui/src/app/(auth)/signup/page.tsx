import { AuthPage, authMetadata } from "@/components/auth/auth-page";
import { SignUpForm } from "@/components/auth/signup-form";

export const generateMetadata = () => authMetadata("signupTitle");

export default function SignUpPage() {
  return <AuthPage title="signupTitle"><SignUpForm /></AuthPage>;
}
